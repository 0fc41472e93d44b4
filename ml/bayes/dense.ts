import type { Random } from "../random.ts";

/**
 * Small dense linear algebra over row-major Float64Array n×n matrices, for the Gibbs sampler's hot loop:
 * no allocation per call where an output buffer is passed, and only what a conjugate normal draw needs.
 */

export function fromRows(rows: readonly (readonly number[])[]): Float64Array {
  const n = rows.length;
  const a = new Float64Array(n * n);
  rows.forEach((row, i) => {
    if (row.length !== n) throw new Error(`expected a square matrix, row ${i} has ${row.length} of ${n}`);
    a.set(row, i * n);
  });
  return a;
}

export function toRows(a: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
}

/**
 * Cholesky factorisation in place: reads the lower triangle of the symmetric positive-definite `a` and
 * leaves the lower factor L (a = L Lᵀ) with zeros above the diagonal.
 */
export function cholesky(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0)) throw new Error("matrix is not positive definite");
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
}

/** Solves L x = b in place (b becomes x) for lower-triangular L. */
export function forwardSubstitute(l: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
}

/** Solves Lᵀ x = b in place (b becomes x) for lower-triangular L, without transposing it. */
export function backSubstitute(l: Float64Array, b: Float64Array, n: number): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/** The inverse of a symmetric positive-definite matrix by Cholesky: A⁻¹ = L⁻ᵀ L⁻¹, exactly symmetric. */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  const l = a.slice();
  cholesky(l, n);
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    forwardSubstitute(l, col, n);
    backSubstitute(l, col, n);
    for (let i = j; i < n; i++) inv[i * n + j] = inv[j * n + i] = col[i]!;
  }
  return inv;
}

/**
 * A draw from N(P⁻¹b, P⁻¹) given the precision P, without forming P⁻¹: with P = L Lᵀ,
 * x = L⁻ᵀ(L⁻¹b + z) has mean P⁻¹b and covariance L⁻ᵀL⁻¹ = P⁻¹. Overwrites `precision` with L and writes
 * the draw into `out` (which may be `b`).
 */
export function drawGivenPrecision(
  r: Random,
  precision: Float64Array,
  b: Float64Array,
  n: number,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  cholesky(precision, n);
  if (out !== b) out.set(b.subarray(0, n));
  forwardSubstitute(precision, out, n);
  for (let i = 0; i < n; i++) out[i]! += r.normal();
  backSubstitute(precision, out, n);
  return out;
}

/** out = A x for n×n A. */
export function multiplyVector(
  a: Float64Array,
  x: ArrayLike<number>,
  n: number,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k]! * x[k]!;
    out[i] = s;
  }
  return out;
}
