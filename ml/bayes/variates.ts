import { CholeskyDecomposition, inverse, Matrix } from "ml-matrix";
import type { Random } from "../random.ts";

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

/** The lower Cholesky factor of a symmetric positive-definite matrix (symmetrised first against rounding). */
export function cholesky(m: Matrix): Matrix {
  const sym = m.add(m.transpose()).mul(0.5);
  const c = new CholeskyDecomposition(sym);
  if (!c.isPositiveDefinite()) throw new Error("matrix is not positive definite");
  return c.lowerTriangularMatrix;
}

/** A draw from N(mean, cov). */
export function multivariateNormal(r: Random, mean: number[], cov: Matrix): number[] {
  const z = Matrix.columnVector(mean.map(() => r.normal()));
  const draw = cholesky(cov).mmul(z);
  return mean.map((m, i) => m + draw.get(i, 0));
}

/** A draw from Wishart(df, scale) by Bartlett's decomposition. */
export function wishart(r: Random, df: number, scale: Matrix): Matrix {
  const p = scale.rows;
  const a = Matrix.zeros(p, p);
  for (let i = 0; i < p; i++) {
    a.set(i, i, Math.sqrt(2 * gamma(r, (df - i) / 2, 1)));
    for (let j = 0; j < i; j++) a.set(i, j, r.normal());
  }
  const la = cholesky(scale).mmul(a);
  return la.mmul(la.transpose());
}

/** A draw from inverse-Wishart(df, scale): the inverse of Wishart(df, scale⁻¹). */
export function inverseWishart(r: Random, df: number, scale: Matrix): Matrix {
  return inverse(wishart(r, df, inverse(scale)));
}
