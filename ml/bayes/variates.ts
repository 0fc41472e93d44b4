import type { Random } from "../random.ts";
import { cholesky, fromRows } from "./dense.ts";

/** Random variates the Gibbs sampler needs, on the project's seeded generator. */

/** Gamma(shape, rate) by Marsaglia and Tsang (2000); shape < 1 boosted by U^(1/shape). */
export function gamma(r: Random, shape: number, rate: number): number {
  if (shape < 1) return gamma(r, shape + 1, rate) * Math.pow(1 - r.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = r.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - r.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** Inverse-gamma(shape, scale): 1 / Gamma(shape, rate = scale). */
export const inverseGamma = (r: Random, shape: number, scale: number) => 1 / gamma(r, shape, scale);

/** A draw from N(mean, cov). */
export function multivariateNormal(
  r: Random,
  mean: readonly number[],
  cov: readonly (readonly number[])[],
): number[] {
  const p = mean.length;
  const l = fromRows(cov);
  cholesky(l, p);
  const z = mean.map(() => r.normal());
  return mean.map((m, i) => {
    let s = m;
    for (let k = 0; k <= i; k++) s += l[i * p + k]! * z[k]!;
    return s;
  });
}

/** A draw from Wishart(df, scale) by Bartlett's decomposition, for p×p row-major matrices. */
export function wishart(r: Random, df: number, scale: Float64Array, p: number): Float64Array {
  const l = scale.slice();
  cholesky(l, p);
  // Bartlett: A lower triangular with √χ²(df − i) on the diagonal and N(0, 1) below; W = (LA)(LA)ᵀ.
  const a = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    a[i * p + i] = Math.sqrt(2 * gamma(r, (df - i) / 2, 1));
    for (let j = 0; j < i; j++) a[i * p + j] = r.normal();
  }
  const la = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = j; k <= i; k++) s += l[i * p + k]! * a[k * p + j]!;
      la[i * p + j] = s;
    }
  const w = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += la[i * p + k]! * la[j * p + k]!;
      w[i * p + j] = w[j * p + i] = s;
    }
  return w;
}

/**
 * One slice-sampling update (Neal 2003, stepping out then shrinking) of a scalar from x0, leaving the
 * density exp(logDensity) invariant; the interval is placed relative to x0, so the update is translation
 * equivariant, as a group move needs.
 */
export function sliceStep(
  r: Random,
  logDensity: (x: number) => number,
  x0: number,
  width = 1,
  maxSteps = 50,
): number {
  const level = logDensity(x0) + Math.log(1 - r.next());
  let lo = x0 - width * r.next();
  let hi = lo + width;
  let left = Math.floor(maxSteps * r.next());
  let right = maxSteps - 1 - left;
  while (left-- > 0 && logDensity(lo) > level) lo -= width;
  while (right-- > 0 && logDensity(hi) > level) hi += width;
  for (;;) {
    const x = lo + (hi - lo) * r.next();
    if (logDensity(x) > level) return x;
    if (x < x0) lo = x;
    else hi = x;
  }
}
