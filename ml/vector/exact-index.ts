import { ScoredHeap } from "./heap.ts";
import {
  checkFinite,
  checkMatrix,
  checkQuery,
  dotRows,
  type SearchHit,
  type SearchOptions,
  type VectorIndex,
} from "./vector-index.ts";

/**
 * Exact top-k: scores every row and keeps the best k in a bounded min-heap, O(n·dim + n·log k) with no sort of
 * n. The right index below a few tens of thousands of rows, and the reference approximate indexes are measured
 * against. The matrix is kept by reference, not copied; do not mutate it while the index is in use.
 */
export class ExactIndex implements VectorIndex {
  readonly kind = "exact";
  readonly size: number;
  private readonly heap = new ScoredHeap(128);
  /** Every row's score for the current query: scoring first, in a blocked kernel, is twice as fast. */
  private readonly scores: Float64Array;

  constructor(
    readonly matrix: Float32Array,
    readonly dim: number,
  ) {
    checkMatrix(matrix, dim);
    checkFinite(matrix, "matrix");
    this.size = matrix.length / dim;
    this.scores = new Float64Array(this.size);
  }

  search(query: Float32Array, k: number, options: SearchOptions = {}): SearchHit[] {
    checkQuery(query, this.dim, k);
    const { heap, scores } = this;
    const exclude = options.exclude;
    const limit = Math.min(k, this.size);
    heap.clear();
    if (limit === 0) return [];
    dotRows(this.matrix, this.dim, query, scores);
    for (let id = 0; id < this.size; id++) {
      const score = scores[id]!;
      // Rows arrive in id order, so a tie with the root never displaces it: ties keep the lower id.
      if (heap.size === limit && !heap.beatsTop(id, score)) continue;
      // The filter runs only for rows that would enter the top k, not for every row.
      if (exclude?.(id)) continue;
      heap.offer(id, score, limit);
    }
    return heap.drain();
  }
}
