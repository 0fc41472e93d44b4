import { inverse, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import {
  backSubstitute,
  cholesky,
  drawGivenPrecision,
  forwardSubstitute,
  fromRows,
  multiplyVector,
  spdInverse,
  toRows,
} from "./dense";

/** A random symmetric positive-definite n×n matrix: B Bᵀ + n·I. */
function randomSpd(seed: number, n: number): number[][] {
  const r = createRandom(seed);
  const b = Array.from({ length: n }, () => Array.from({ length: n }, () => r.normal()));
  return b.map((bi, i) => b.map((bj, j) => bi.reduce((s, v, k) => s + v * bj[k]!, 0) + (i === j ? n : 0)));
}

const expectClose = (actual: number[][], expected: number[][], digits = 10) =>
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, digits)));

describe("dense linear algebra", () => {
  it("factors an SPD matrix as L Lᵀ with L lower triangular", () => {
    const n = 11;
    const a = randomSpd(1, n);
    const l = fromRows(a);
    cholesky(l, n);
    const rows = toRows(l, n);
    rows.forEach((row, i) => row.forEach((v, j) => j > i && expect(v).toBe(0)));
    const llt = new Matrix(rows).mmul(new Matrix(rows).transpose()).to2DArray();
    expectClose(llt, a);
  });

  it("refuses a matrix that is not positive definite", () => {
    expect(() =>
      cholesky(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
        2,
      ),
    ).toThrow(/positive definite/);
  });

  it("solves L x = b and Lᵀ x = b, and inverts like ml-matrix", () => {
    const n = 6;
    const a = randomSpd(2, n);
    const l = fromRows(a);
    cholesky(l, n);
    const b = [1, -2, 0.5, 3, 0, -1];
    const x = Float64Array.from(b);
    forwardSubstitute(l, x, n);
    expect(Array.from(multiplyVector(l, x, n)).map((v, i) => v - b[i]!)).toEqual(
      b.map(() => expect.closeTo(0, 10)),
    );
    const y = Float64Array.from(b);
    backSubstitute(l, y, n);
    const lt = fromRows(new Matrix(toRows(l, n)).transpose().to2DArray());
    expect(Array.from(multiplyVector(lt, y, n)).map((v, i) => v - b[i]!)).toEqual(
      b.map(() => expect.closeTo(0, 10)),
    );
    const inv = toRows(spdInverse(fromRows(a), n), n);
    expectClose(inv, inverse(new Matrix(a)).to2DArray());
    inv.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(inv[j]![i])));
  });

  it("draws from N(P⁻¹b, P⁻¹) given the precision P", () => {
    const n = 3;
    const p = [
      [2, 0.6, 0],
      [0.6, 1, -0.3],
      [0, -0.3, 0.5],
    ];
    const b = Float64Array.from([1, -1, 0.5]);
    const cov = inverse(new Matrix(p)).to2DArray();
    const mean = cov.map((row) => row.reduce((s, v, k) => s + v * b[k]!, 0));
    const r = createRandom(3);
    const m = 40_000;
    const draws = Array.from({ length: m }, () => Array.from(drawGivenPrecision(r, fromRows(p), b, n)));
    const avg = mean.map((_, i) => draws.reduce((s, d) => s + d[i]!, 0) / m);
    avg.forEach((v, i) => expect(v).toBeCloseTo(mean[i]!, 1));
    const empirical = cov.map((row, i) =>
      row.map((_, j) => draws.reduce((s, d) => s + (d[i]! - avg[i]!) * (d[j]! - avg[j]!), 0) / m),
    );
    expectClose(empirical, cov, 1);
    // b is left alone unless it is also the output.
    expect(Array.from(b)).toEqual([1, -1, 0.5]);
  });
});
