import { describe, expect, it } from "vitest";
import { buildIndex, loadIndex, recallAtK } from "./choose-index";
import { ExactIndex } from "./exact-index";
import { HnswIndex } from "./hnsw-index";
import { randomUnitRows } from "./test-data";
import { type VectorIndex } from "./vector-index";

const dim = 16;
const matrix = randomUnitRows(1_500, dim, 21);
const queries = randomUnitRows(30, dim, 22);

describe("buildIndex", () => {
  it("is exact up to the threshold and HNSW above it", () => {
    expect(buildIndex(matrix, dim).kind).toBe("exact");
    expect(buildIndex(matrix, dim, { approximateAbove: 1_500 }).kind).toBe("exact");
    const approx = buildIndex(matrix, dim, { approximateAbove: 1_499, hnsw: { efConstruction: 64 } });
    expect(approx).toBeInstanceOf(HnswIndex);
    expect((approx as HnswIndex).efConstruction).toBe(64);
    expect(recallAtK(approx, new ExactIndex(matrix, dim), queries, 10)).toBeGreaterThanOrEqual(0.95);
  });
});

describe("loadIndex", () => {
  it("loads the stored graph when there is one and falls back to exact search when not", () => {
    const built = HnswIndex.build(matrix, dim, { efConstruction: 64 });
    const loaded = loadIndex(matrix, dim, built.toBuffer());
    expect(loaded.kind).toBe("hnsw");
    const query = queries.subarray(0, dim);
    expect(loaded.search(query, 10)).toEqual(built.search(query, 10));
    expect(loadIndex(matrix, dim).kind).toBe("exact");
    expect(() => loadIndex(matrix.subarray(0, 1_500 * 8), 8, built.toBuffer())).toThrow();
  });
});

describe("recallAtK", () => {
  const exact = new ExactIndex(matrix, dim);
  /** An index that loses the best hit of every query. */
  const dropsBest: VectorIndex = {
    kind: "exact",
    dim,
    size: exact.size,
    search: (q, k, o) => exact.search(q, k + 1, o).slice(1),
  };

  it("is 1 against itself and counts each lost hit", () => {
    expect(recallAtK(exact, exact, queries, 10)).toBe(1);
    expect(recallAtK(dropsBest, exact, queries, 10)).toBeCloseTo(0.9, 12);
    expect(recallAtK(dropsBest, exact, queries, 1)).toBe(0);
  });

  it("takes packed queries or a list, and passes the exclude filter to both indexes", () => {
    const list = Array.from({ length: 30 }, (_, i) => queries.subarray(i * dim, (i + 1) * dim));
    expect(recallAtK(dropsBest, exact, list, 5)).toBe(recallAtK(dropsBest, exact, queries, 5));
    expect(recallAtK(exact, exact, queries, 10, { exclude: (id) => id % 2 === 0 })).toBe(1);
    expect(recallAtK(dropsBest, exact, queries, 10, { exclude: () => true })).toBe(1);
    expect(recallAtK(exact, exact, new Float32Array(0), 10)).toBe(1);
  });

  it("counts a different pick among hits tied for the last place as found", () => {
    const copies = new Float32Array(20 * 2);
    for (let i = 0; i < 20; i++) copies.set([1, 0], i * 2); // twenty identical rows
    const reference = new ExactIndex(copies, 2);
    const picksLast: VectorIndex = {
      kind: "exact",
      dim: 2,
      size: 20,
      search: (q, k) => reference.search(q, 20).slice(20 - k),
    };
    expect(recallAtK(picksLast, reference, [new Float32Array([1, 0])], 5)).toBe(1);
  });
});
