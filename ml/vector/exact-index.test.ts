import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { ExactIndex } from "./exact-index";
import { randomUnitRows } from "./test-data";
import { dot, type SearchHit } from "./vector-index";

/** The reference: score every row with a plain loop, sort all of them, cut at k. */
function bruteForce(
  matrix: Float32Array,
  dim: number,
  query: Float32Array,
  k: number,
  exclude: (id: number) => boolean = () => false,
): SearchHit[] {
  const hits: SearchHit[] = [];
  for (let id = 0; id < matrix.length / dim; id++) {
    if (exclude(id)) continue;
    let score = 0;
    for (let j = 0; j < dim; j++) score += matrix[id * dim + j]! * query[j]!;
    hits.push({ id, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
}

/** Small integer entries: every dot product is exact in float64 whatever the summation order, and ties abound. */
function integerRows(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: n * dim }, () => random.int(5) - 2);
}

describe("ExactIndex", () => {
  it("equals a brute-force sort on random unit vectors", () => {
    const dim = 16;
    const matrix = randomUnitRows(2_000, dim, 1);
    const queries = randomUnitRows(20, dim, 2);
    const index = new ExactIndex(matrix, dim);
    for (let q = 0; q < 20; q++) {
      const query = queries.subarray(q * dim, (q + 1) * dim);
      for (const k of [1, 10, 100]) {
        const got = index.search(query, k);
        const want = bruteForce(matrix, dim, query, k);
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 12));
        // The very bits HNSW computes for the same row, so recall can compare scores for ties.
        got.forEach((h) => expect(h.score).toBe(dot(matrix, h.id * dim, query, 0, dim)));
      }
    }
  });

  it("breaks ties by ascending id, exactly as the sort does", () => {
    const dim = 3;
    const matrix = integerRows(400, dim, 3);
    const index = new ExactIndex(matrix, dim);
    const random = createRandom(4);
    for (let q = 0; q < 50; q++) {
      const query = Float32Array.from({ length: dim }, () => random.int(3) - 1);
      for (const k of [1, 7, 50]) expect(index.search(query, k)).toEqual(bruteForce(matrix, dim, query, k));
    }
    // All rows identical: the first k ids win.
    const same = new ExactIndex(new Float32Array(30).fill(1), 3);
    expect(same.search(new Float32Array([1, 0, 0]), 4).map((h) => h.id)).toEqual([0, 1, 2, 3]);
  });

  it("returns every row, sorted, when k exceeds n, and nothing for k = 0 or an empty matrix", () => {
    const dim = 4;
    const matrix = integerRows(6, dim, 5);
    const query = new Float32Array([1, -1, 2, 0]);
    const index = new ExactIndex(matrix, dim);
    expect(index.search(query, 100)).toEqual(bruteForce(matrix, dim, query, 100));
    expect(index.search(query, 100)).toHaveLength(6);
    expect(index.search(query, 0)).toEqual([]);
    expect(new ExactIndex(new Float32Array(0), dim).search(query, 10)).toEqual([]);
  });

  it("never returns an excluded row, and fills k from the rows that are allowed", () => {
    const dim = 8;
    const matrix = integerRows(1_000, dim, 6);
    const index = new ExactIndex(matrix, dim);
    const query = Float32Array.from({ length: dim }, (_, j) => (j % 3) - 1);
    const unfiltered = index.search(query, 10).map((h) => h.id);
    const finished = new Set(unfiltered.slice(0, 5));
    const exclude = (id: number) => finished.has(id) || id % 2 === 1;
    const got = index.search(query, 10, { exclude });
    expect(got).toHaveLength(10);
    expect(got.some((h) => exclude(h.id))).toBe(false);
    expect(got).toEqual(bruteForce(matrix, dim, query, 10, exclude));
    expect(index.search(query, 10, { exclude: () => true })).toEqual([]);
    const three = index.search(query, 10, { exclude: (id) => id >= 3 });
    expect(three.map((h) => h.id).sort()).toEqual([0, 1, 2]);
  });

  it("rejects a query of the wrong size or with NaN, and a matrix that is not n × dim", () => {
    const index = new ExactIndex(new Float32Array(8), 4);
    expect(() => index.search(new Float32Array(3), 1)).toThrow(RangeError);
    expect(() => index.search(new Float32Array([0, NaN, 0, 0]), 1)).toThrow(RangeError);
    expect(() => index.search(new Float32Array(4), 1.5)).toThrow(RangeError);
    expect(() => new ExactIndex(new Float32Array(7), 4)).toThrow(RangeError);
    expect(() => new ExactIndex(new Float32Array([0, Infinity]), 2)).toThrow(RangeError);
  });
});
