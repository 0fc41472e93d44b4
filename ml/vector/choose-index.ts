import { ExactIndex } from "./exact-index.ts";
import { HnswIndex, type HnswOptions } from "./hnsw-index.ts";
import { checkMatrix, type SearchOptions, type VectorIndex } from "./vector-index.ts";

export interface BuildIndexOptions {
  /** Rows above which an HNSW graph is built; at or below it exact search is fast enough. Default 20,000. */
  approximateAbove?: number;
  hnsw?: HnswOptions;
}

/** Exact search for a small catalogue, HNSW above `approximateAbove` rows. */
export function buildIndex(matrix: Float32Array, dim: number, options: BuildIndexOptions = {}): VectorIndex {
  const { approximateAbove = 20_000, hnsw } = options;
  checkMatrix(matrix, dim);
  return matrix.length / dim > approximateAbove
    ? HnswIndex.build(matrix, dim, hnsw)
    : new ExactIndex(matrix, dim);
}

/**
 * What each process does with what the reindex job stored: the packed matrix, plus the HNSW graph from
 * `toBuffer()` when one was built. Loading a graph is a copy and a check, not a rebuild.
 */
export function loadIndex(matrix: Float32Array, dim: number, graph?: Uint8Array): VectorIndex {
  if (!graph) return new ExactIndex(matrix, dim);
  const index = HnswIndex.fromBuffer(graph, matrix);
  if (index.dim !== dim) throw new Error(`HNSW graph has dim ${index.dim}, expected ${dim}`);
  return index;
}

/**
 * Mean recall@k of `approx` against `reference` (normally an ExactIndex over the same matrix): per query, the
 * share of the reference's top k that `approx` also returns. A hit the reference did not list still counts
 * when it scores as high as the reference's k-th hit: it tied for the last place (duplicate embeddings do) and
 * the two indexes broke the tie differently. Both indexes score with the same `dot`, so ties are exact.
 * `queries` is a packed row-major matrix of query vectors or a list of them.
 */
export function recallAtK(
  approx: VectorIndex,
  reference: VectorIndex,
  queries: Float32Array | readonly Float32Array[],
  k: number,
  options?: SearchOptions,
): number {
  const dim = reference.dim;
  const list = Array.isArray(queries)
    ? (queries as readonly Float32Array[])
    : rows(queries as Float32Array, dim);
  if (list.length === 0) return 1;
  let total = 0;
  for (const query of list) {
    const expected = reference.search(query, k, options);
    if (expected.length === 0) {
      total += 1; // nothing to find (every row excluded): any index is right
      continue;
    }
    const ids = new Set(expected.map((hit) => hit.id));
    const last = expected.at(-1)!.score;
    const found = approx.search(query, k, options).filter((hit) => ids.has(hit.id) || hit.score >= last);
    total += Math.min(found.length, expected.length) / expected.length;
  }
  return total / list.length;
}

function rows(matrix: Float32Array, dim: number): Float32Array[] {
  checkMatrix(matrix, dim);
  return Array.from({ length: matrix.length / dim }, (_, i) => matrix.subarray(i * dim, (i + 1) * dim));
}
