import { describe, expect, it } from "vitest";
import { recallAtK } from "./choose-index";
import { ExactIndex } from "./exact-index";
import { HnswIndex } from "./hnsw-index";
import { randomUnitRows } from "./test-data";
import { dot, type VectorIndex } from "./vector-index";

const dim = 32;
const matrix = randomUnitRows(5_000, dim, 11);
const queries = randomUnitRows(100, dim, 12);
const queryRows = Array.from({ length: 100 }, (_, q) => queries.subarray(q * dim, (q + 1) * dim));
const exact = new ExactIndex(matrix, dim);
// One build at the defaults (M 16, efConstruction 200) serves the tests that only read it: about 2 s.
const hnsw = HnswIndex.build(matrix, dim, { seed: 5 });

describe("HnswIndex", () => {
  it("reaches recall@10 >= 0.95 against exact search at the default efSearch", () => {
    expect(hnsw.efSearch).toBe(64);
    expect(recallAtK(hnsw, exact, queries, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it("scores hits exactly as exact search does and returns them best first", () => {
    for (const query of queryRows.slice(0, 20)) {
      const hits = hnsw.search(query, 10);
      expect(hits).toHaveLength(10);
      for (let i = 0; i < hits.length; i++) {
        expect(hits[i]!.score).toBe(dot(matrix, hits[i]!.id * dim, query, 0, dim));
        if (i > 0) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
      }
    }
  });

  it("trades latency for recall through efSearch per query", () => {
    const at = (efSearch: number): VectorIndex => ({
      kind: "hnsw",
      dim,
      size: hnsw.size,
      search: (q, k) => hnsw.search(q, k, { efSearch }),
    });
    const low = recallAtK(at(10), exact, queries, 10);
    const high = recallAtK(at(200), exact, queries, 10);
    expect(high).toBeGreaterThan(low);
    expect(high).toBeGreaterThanOrEqual(0.99);
  });

  it("round-trips through toBuffer / fromBuffer with identical results, even from an unaligned copy", () => {
    const bytes = hnsw.toBuffer();
    const loaded = HnswIndex.fromBuffer(bytes, matrix);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const unaligned = HnswIndex.fromBuffer(shifted.subarray(1), matrix);
    expect(loaded.toBuffer()).toEqual(bytes);
    expect([loaded.M, loaded.efConstruction, loaded.efSearch]).toEqual([16, 200, 64]);
    const exclude = (id: number) => id % 3 === 0;
    for (const query of queryRows) {
      const want = hnsw.search(query, 10);
      expect(loaded.search(query, 10)).toEqual(want);
      expect(unaligned.search(query, 10)).toEqual(want);
      expect(loaded.search(query, 10, { exclude })).toEqual(hnsw.search(query, 10, { exclude }));
    }
  });

  it("refuses a graph over another matrix, a truncated buffer and an out-of-range link", () => {
    const bytes = hnsw.toBuffer();
    expect(() => HnswIndex.fromBuffer(bytes, randomUnitRows(5_000, dim, 99))).toThrow(/fingerprint/);
    expect(() => HnswIndex.fromBuffer(bytes, matrix.subarray(0, 4_999 * dim))).toThrow(/rows/);
    expect(() => HnswIndex.fromBuffer(bytes.subarray(0, bytes.length - 4), matrix)).toThrow(/length/);
    expect(() => HnswIndex.fromBuffer(new Uint8Array(64), matrix)).toThrow(/not an HNSW/);
    const corrupt = bytes.slice();
    // The first link of node 0 sits right after the header, the levels and node 0's count.
    new DataView(corrupt.buffer).setInt32(48 + 5_000 + 4, 5_000, true);
    expect(() => HnswIndex.fromBuffer(corrupt, matrix)).toThrow(/out of range/);
  });

  it("never returns excluded rows and still fills k from the allowed ones", () => {
    const finished = (id: number) => id % 2 === 0;
    for (const query of queryRows.slice(0, 20)) {
      const hits = hnsw.search(query, 10, { exclude: finished });
      expect(hits).toHaveLength(10);
      expect(hits.some((h) => finished(h.id))).toBe(false);
    }
    expect(recallAtK(hnsw, exact, queries, 10, { exclude: finished })).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps walking past excluded rows until the few allowed ones are found", () => {
    const allowed = new Set([17, 1_234, 2_500, 3_999, 4_998]);
    const hits = hnsw.search(queryRows[0]!, 10, { exclude: (id) => !allowed.has(id) });
    expect(hits.map((h) => h.id).sort((a, b) => a - b)).toEqual([...allowed]);
    expect(hnsw.search(queryRows[0]!, 10, { exclude: () => true })).toEqual([]);
  });

  it("builds the same graph for the same seed and a different one for another seed", () => {
    const small = matrix.subarray(0, 1_000 * dim);
    const a = HnswIndex.build(small, dim, { seed: 3, efConstruction: 64 }).toBuffer();
    const b = HnswIndex.build(small, dim, { seed: 3, efConstruction: 64 }).toBuffer();
    const c = HnswIndex.build(small, dim, { seed: 4, efConstruction: 64 }).toBuffer();
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("is exact on tiny catalogues (k >= n) and handles empty and single-row ones", () => {
    const tiny = randomUnitRows(30, 4, 7);
    const index = HnswIndex.build(tiny, 4, { M: 4 });
    const query = new Float32Array([0.5, 0.5, 0.5, 0.5]);
    expect(index.search(query, 50)).toEqual(new ExactIndex(tiny, 4).search(query, 50));
    const empty = HnswIndex.build(new Float32Array(0), 4);
    expect(empty.search(query, 5)).toEqual([]);
    expect(HnswIndex.fromBuffer(empty.toBuffer(), new Float32Array(0)).search(query, 5)).toEqual([]);
    const one = HnswIndex.build(tiny.subarray(0, 4), 4);
    expect(one.search(query, 5).map((h) => h.id)).toEqual([0]);
  });

  it("folds exact copies: every copy stays reachable and the rest of the graph is not trapped", () => {
    const rows = randomUnitRows(600, 8, 8);
    const isCopy = (id: number) => id % 2 === 0; // the even rows all equal row 0
    for (let i = 2; i < 600; i += 2) rows.copyWithin(i * 8, 0, 8);
    const index = HnswIndex.build(rows, 8, { efConstruction: 64 });
    const reference = new ExactIndex(rows, 8);
    const copy = rows.slice(0, 8);
    expect(index.search(copy, 10)).toEqual(reference.search(copy, 10));
    // Excluding all but a handful of copies still finds exactly those, then the nearest other rows.
    const exclude = (id: number) => isCopy(id) && id < 590;
    expect(index.search(copy, 10, { exclude })).toEqual(reference.search(copy, 10, { exclude }));
    expect(recallAtK(index, reference, randomUnitRows(50, 8, 9), 10)).toBeGreaterThanOrEqual(0.95);
    const loaded = HnswIndex.fromBuffer(index.toBuffer(), rows);
    expect(loaded.search(copy, 10, { exclude })).toEqual(reference.search(copy, 10, { exclude }));
  });

  it("rejects bad parameters", () => {
    expect(() => HnswIndex.build(matrix, dim, { M: 1 })).toThrow(RangeError);
    expect(() => HnswIndex.build(matrix, dim, { efConstruction: 0 })).toThrow(RangeError);
    expect(() => hnsw.search(queryRows[0]!, 10, { efSearch: 0 })).toThrow(RangeError);
  });
});
