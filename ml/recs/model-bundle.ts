import { deserialize, serialize } from "node:v8";
import type { LambdaMartModel } from "../ranking/lambdamart.ts";
import type { SparseFeatures, TwoTowerModel } from "../retrieval/two-tower.ts";
import type { ItemStats } from "./ranking-features.ts";

/**
 * Everything a trained recommender needs at serving time, stored as one blob per model version: the
 * two-tower model, the ranker, the id ↔ index maps and the item statistics the ranker's features read.
 * Serialised with node:v8 (typed arrays round-trip as they are, and the format reads back across Node
 * versions), so no hand-written binary format.
 */
export interface ModelBundle {
  format: 1;
  twoTower: TwoTowerModel;
  ranker: LambdaMartModel | null;
  /** Content item id per model item index. */
  itemIds: string[];
  /** User id per model user index (for the id embedding, when the model has one). */
  userIds: string[];
  /** Item side-feature names (`tag:x`, `type:video`, `difficulty:3`) per feature index. */
  itemFeatureNames: string[];
  /** User side-feature names (`cohort:x`). */
  userFeatureNames: string[];
  stats: ItemStats;
  /** Training interactions per model item (absent in a bundle that predates it: every item counts as seen). */
  itemInteractions?: Uint32Array;
}

export interface CatalogRow {
  id: string;
  type: string;
  tags: readonly string[];
  difficulty: number;
  createdAt: number;
}

export const itemFeatureNamesOf = (item: Pick<CatalogRow, "type" | "tags" | "difficulty">): string[] => [
  ...item.tags.map((t) => `tag:${t}`),
  `type:${item.type}`,
  `difficulty:${item.difficulty}`,
];
export const userFeatureNamesOf = (cohort: string | null): string[] => (cohort ? [`cohort:${cohort}`] : []);

/** Multi-hot features in CSR form from names per entity; `vocabulary` grows as new names turn up. */
export function sparseFeatures(namesPerEntity: readonly string[][], vocabulary: string[]): SparseFeatures {
  const index = new Map(vocabulary.map((name, i) => [name, i]));
  const offsets = new Int32Array(namesPerEntity.length + 1);
  const indices: number[] = [];
  namesPerEntity.forEach((names, e) => {
    const seen = new Set<number>();
    for (const name of names) {
      let f = index.get(name);
      if (f === undefined) {
        index.set(name, (f = vocabulary.length));
        vocabulary.push(name);
      }
      seen.add(f);
    }
    indices.push(...[...seen].sort((a, b) => a - b));
    offsets[e + 1] = indices.length;
  });
  return { nFeatures: vocabulary.length, offsets, indices: Int32Array.from(indices) };
}

/** The indices of the names the model knows (unknown tags of a new item are ignored). */
export function knownFeatures(vocabulary: readonly string[], names: readonly string[]): Int32Array {
  const out: number[] = [];
  for (const name of names) {
    const f = vocabulary.indexOf(name);
    if (f >= 0 && !out.includes(f)) out.push(f);
  }
  return Int32Array.from(out);
}

export const packBundle = (bundle: ModelBundle): Buffer => serialize(bundle);

export function unpackBundle(data: Uint8Array): ModelBundle {
  const bundle = deserialize(data) as ModelBundle;
  if (bundle?.format !== 1 || bundle.twoTower?.kind !== "two-tower")
    throw new Error("not a recs model bundle (format 1)");
  return bundle;
}
