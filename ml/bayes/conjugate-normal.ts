import { fromRows, multiplyVector, spdInverse, toRows } from "./dense.ts";
import type { SufficientStatistics } from "./hierarchical-linear.ts";

/** A cached population: the coefficient mean μ and covariance Σ across groups, and the noise variance σ². */
export interface Population {
  mean: number[];
  covariance: number[][];
  noiseVariance: number;
}

/**
 * The exact posterior of one group's coefficients when μ, Σ and σ² are held at cached values: with prior
 * β ~ N(μ, Σ) and y ~ N(Xβ, σ²I), β | y ~ N(V(Σ⁻¹μ + X'y/σ²), V) with V = (Σ⁻¹ + X'X/σ²)⁻¹. It is the
 * quick update between nightly fits: O(p³), no sampling, and it ignores the uncertainty in μ, Σ and σ².
 */
export function posteriorGivenPopulation(
  stats: Pick<SufficientStatistics, "xtx" | "xty" | "n">,
  population: Population,
): { mean: number[]; covariance: number[][] } {
  const p = population.mean.length;
  if (stats.n === 0)
    return { mean: [...population.mean], covariance: population.covariance.map((row) => [...row]) };
  const sigmaInv = spdInverse(fromRows(population.covariance), p);
  const precision = fromRows(stats.xtx).map((v, i) => v / population.noiseVariance + sigmaInv[i]!);
  const shift = multiplyVector(sigmaInv, population.mean, p).map(
    (v, i) => v + stats.xty[i]! / population.noiseVariance,
  );
  const covariance = spdInverse(precision, p);
  return { mean: Array.from(multiplyVector(covariance, shift, p)), covariance: toRows(covariance, p) };
}
