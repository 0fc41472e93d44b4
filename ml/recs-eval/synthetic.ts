import { type SparseFeatures } from "../retrieval/two-tower.ts";
import { createRandom } from "../random.ts";
import { type InteractionSet } from "./interactions.ts";

/**
 * Synthetic implicit feedback with clustered tastes, for tests: users and items each belong to one of
 * `clusters` groups (index modulo clusters); every item has a Zipf-like popularity; a user's
 * `perUser` distinct items come, each with probability `affinity`, from their own group, else from the
 * whole catalogue, drawn by popularity either way. Popularity alone therefore finds a user's items only
 * by luck, while anything that learns the groups does much better. Timestamps are the draw order.
 */
export interface ClusteredOptions {
  users?: number;
  items?: number;
  clusters?: number;
  perUser?: number;
  affinity?: number;
  /** Zipf exponent of item popularity (default 0.8). */
  skew?: number;
  seed?: number;
}

export interface ClusteredData extends InteractionSet {
  userCluster: Int32Array;
  itemCluster: Int32Array;
  /** One feature per cluster ("the item's genre"), plus one of four noise tags. */
  itemTags: SparseFeatures;
}

export function clusteredInteractions(options: ClusteredOptions = {}): ClusteredData {
  const {
    users = 300,
    items = 200,
    clusters = 5,
    perUser = 25,
    affinity = 0.8,
    skew = 0.8,
    seed = 1,
  } = options;
  const random = createRandom(seed);
  const weight = random
    .shuffle(Array.from({ length: items }, (_, r) => r))
    .map((rank) => 1 / (rank + 1) ** skew);
  const itemCluster = Int32Array.from({ length: items }, (_, i) => i % clusters);
  const userCluster = Int32Array.from({ length: users }, (_, u) => u % clusters);
  const draw = (pool: number[]) => {
    let total = 0;
    for (const i of pool) total += weight[i]!;
    let x = random.next() * total;
    for (const i of pool) if ((x -= weight[i]!) <= 0) return i;
    return pool.at(-1)!;
  };
  const all = Array.from({ length: items }, (_, i) => i);
  const byCluster = Array.from({ length: clusters }, (_, c) => all.filter((i) => itemCluster[i] === c));
  const us: number[] = [];
  const is: number[] = [];
  for (let u = 0; u < users; u++) {
    const have = new Set<number>();
    while (have.size < Math.min(perUser, items)) {
      const i = draw(random.next() < affinity ? byCluster[userCluster[u]!]! : all);
      if (have.has(i)) continue;
      have.add(i);
      us.push(u);
      is.push(i);
    }
  }
  const offsets = Int32Array.from({ length: items + 1 }, (_, i) => 2 * i);
  const indices = new Int32Array(2 * items);
  for (let i = 0; i < items; i++) {
    indices[2 * i] = itemCluster[i]!;
    indices[2 * i + 1] = clusters + random.int(4);
  }
  return {
    nUsers: users,
    nItems: items,
    users: Int32Array.from(us),
    items: Int32Array.from(is),
    ratings: new Float32Array(us.length).fill(1),
    timestamps: Float64Array.from(us, (_, r) => r),
    userCluster,
    itemCluster,
    itemTags: { nFeatures: clusters + 4, offsets, indices },
  };
}
