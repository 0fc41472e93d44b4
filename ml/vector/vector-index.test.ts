import { describe, expect, it } from "vitest";
import { randomUnitRows } from "./test-data";
import { dot, dotRows, normalise, normaliseRows } from "./vector-index";

describe("normalise", () => {
  it("scales to unit length and keeps the direction", () => {
    const v = normalise([3, 0, 4]);
    expect(Array.from(v)).toEqual([Math.fround(0.6), 0, Math.fround(0.8)]);
    expect(dot(v, 0, v, 0, 3)).toBeCloseTo(1, 6);
  });

  it("leaves a zero vector zero and does not touch its input", () => {
    const input = new Float32Array([0, 0]);
    expect(Array.from(normalise(input))).toEqual([0, 0]);
    expect(normalise([])).toHaveLength(0);
    const row = new Float32Array([2, 0]);
    normalise(row);
    expect(Array.from(row)).toEqual([2, 0]);
  });

  it("normalises each row of a packed matrix in place", () => {
    const m = new Float32Array([0, 2, 0, 0, 1, 1]);
    normaliseRows(m, 2);
    expect(Array.from(m)).toEqual([0, 1, 0, 0, Math.fround(Math.SQRT1_2), Math.fround(Math.SQRT1_2)]);
    expect(() => normaliseRows(m, 4)).toThrow(RangeError);
  });
});

describe("dot", () => {
  it("multiplies the slices at the given offsets", () => {
    const a = new Float32Array([9, 1, 2, 3]);
    const b = new Float32Array([4, 5, 6]);
    expect(dot(a, 1, b, 0, 3)).toBe(4 + 10 + 18);
  });

  it("scores every row in the blocked kernel bit-identically to dot, tail rows included", () => {
    for (const [n, dim] of [
      [7, 5],
      [8, 64],
      [1, 3],
      [0, 4],
    ] as const) {
      const matrix = randomUnitRows(n, dim, n + dim);
      const query = randomUnitRows(1, dim, 99);
      const out = new Float64Array(n);
      dotRows(matrix, dim, query, out);
      expect(Array.from(out)).toEqual(
        Array.from({ length: n }, (_, i) => dot(matrix, i * dim, query, 0, dim)),
      );
    }
  });
});
