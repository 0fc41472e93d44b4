import { describe, expect, it } from "vitest";
import { trainTwoTower } from "../retrieval/two-tower.ts";
import { ExactIndex } from "../vector/exact-index.ts";
import { itemStats } from "./ranking-features.ts";
import {
  itemFeatureNamesOf,
  packBundle,
  sparseFeatures,
  unpackBundle,
  userFeatureNamesOf,
  type CatalogRow,
  type ModelBundle,
} from "./model-bundle.ts";
import { catalogVectors, retrieveAndRank, userVector } from "./retrieve-and-rank.ts";

// Two tastes: users 0-9 use items 0-4 (tag "a"), users 10-19 items 5-9 (tag "b").
const catalog: CatalogRow[] = Array.from({ length: 10 }, (_, i) => ({
  id: `item-${i}`,
  type: i % 2 ? "video" : "article",
  tags: [i < 5 ? "a" : "b"],
  difficulty: 1 + (i % 5),
  createdAt: 0,
}));
function bundle(): ModelBundle {
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < 20; u++)
    for (let k = 0; k < 4; k++) {
      users.push(u);
      items.push((u < 10 ? 0 : 5) + ((u + k) % 5));
    }
  const itemFeatureNames: string[] = [];
  const userFeatureNames: string[] = [];
  const twoTower = trainTwoTower(
    { nUsers: 20, nItems: 10, users: Int32Array.from(users), items: Int32Array.from(items) },
    {
      dim: 8,
      epochs: 60,
      batchSize: 16,
      itemFeatures: sparseFeatures(catalog.map(itemFeatureNamesOf), itemFeatureNames),
      userFeatures: sparseFeatures(
        Array.from({ length: 20 }, (_, u) => userFeatureNamesOf(u < 10 ? "A" : "B")),
        userFeatureNames,
      ),
    },
  );
  return {
    format: 1,
    twoTower,
    ranker: null,
    itemIds: catalog.map((c) => c.id),
    userIds: Array.from({ length: 20 }, (_, u) => `user-${u}`),
    itemFeatureNames,
    userFeatureNames,
    stats: itemStats(
      10,
      items.map((item, r) => ({ item, ts: r, cohort: null })),
    ),
  };
}

describe("retrieve and rank with a model bundle", () => {
  const b = bundle();

  it("round-trips through its blob", () => {
    const back = unpackBundle(packBundle(b));
    expect(back.twoTower.itemEmbedding).toEqual(b.twoTower.itemEmbedding);
    expect(back.itemFeatureNames).toEqual(b.itemFeatureNames);
    expect(() => unpackBundle(packBundle({ ...b, format: 2 } as never))).toThrow(/format 1/);
  });

  it("retrieves from the user's taste, excludes what they finished, and embeds new items from features", () => {
    const rows: CatalogRow[] = [
      ...catalog,
      { id: "new-b", type: "video", tags: ["b", "never-seen"], difficulty: 2, createdAt: 0 },
      { id: "no-features", type: "podcast", tags: ["zzz"], difficulty: 9, createdAt: 0 },
    ];
    const { vectors, offsets } = catalogVectors(b, rows);
    const dim = b.twoTower.dim;
    const norm = (r: number) => Math.hypot(...vectors.subarray(r * dim, (r + 1) * dim));
    expect(norm(10)).toBeCloseTo(1, 4);
    expect(norm(11)).toBe(0);
    const index = new ExactIndex(vectors, dim);
    const user = { userId: null, history: ["item-6", "item-7"], cohort: "B", exclude: new Set(["item-8"]) };
    const out = retrieveAndRank(b, index, offsets, rows, user, { candidates: 5, now: 0 })!;
    const ids = out.ranked.map((c) => rows[c.row]!.id);
    expect(ids).not.toContain("item-8");
    expect(ids.filter((id) => ["item-5", "item-9", "new-b"].includes(id)).length).toBeGreaterThanOrEqual(2);
    expect(out.features.length).toBe(5 * 12);
    // Nothing to place a user by: no vector (the feed falls back to the baseline).
    expect(userVector(b, { userId: null, history: [], cohort: null, exclude: new Set() })).toBeNull();
  });
});
