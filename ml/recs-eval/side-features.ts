import { type SparseFeatures } from "../retrieval/two-tower.ts";

/**
 * Multi-hot side features from tags: `tagsOf(id)` lists an entity's tags (genres, an age band, an
 * occupation...); each distinct tag becomes one feature. Entities are in dense-index order (`ids[index]`),
 * so the result lines up with an interaction set's users or items. An entity without tags has none.
 */
export function tagFeatures(
  ids: readonly string[],
  tagsOf: (id: string) => readonly string[] | undefined,
): { features: SparseFeatures; names: string[] } {
  const index = new Map<string, number>();
  const names: string[] = [];
  const offsets = new Int32Array(ids.length + 1);
  const indices: number[] = [];
  ids.forEach((id, e) => {
    const seen = new Set<number>();
    for (const tag of tagsOf(id) ?? []) {
      let f = index.get(tag);
      if (f === undefined) {
        f = names.length;
        index.set(tag, f);
        names.push(tag);
      }
      seen.add(f);
    }
    indices.push(...[...seen].sort((a, b) => a - b));
    offsets[e + 1] = indices.length;
  });
  return { features: { nFeatures: names.length, offsets, indices: Int32Array.from(indices) }, names };
}
