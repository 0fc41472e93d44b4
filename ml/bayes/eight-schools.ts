import {
  fitHierarchical,
  type FitOptions,
  type Group,
  type HierarchicalPrior,
} from "./hierarchical-linear.ts";

/**
 * Rubin's (1981) eight schools: estimated coaching effects y_j with known standard errors sigma_j. The
 * standard check of a hierarchical sampler, since its posterior is known to quadrature precision.
 */
export const EIGHT_SCHOOLS = {
  y: [28, 8, -3, 7, -1, 1, 18, 12],
  sigma: [15, 10, 16, 11, 9, 11, 10, 18],
} as const;

/** μ ~ N(0, 5²), τ ~ half-Cauchy(0, 5). */
export const EIGHT_SCHOOLS_PRIOR: HierarchicalPrior = {
  mean: [0],
  meanCovariance: [[25]],
  scale: [5],
  df: 1,
};

export const eightSchoolsGroups = (): Group[] =>
  EIGHT_SCHOOLS.y.map((y, j) => ({ x: [[1]], y: [y], noiseVariance: [EIGHT_SCHOOLS.sigma[j]! ** 2] }));

interface Moments {
  mean: number;
  sd: number;
}

/**
 * The exact posterior of eight schools under EIGHT_SCHOOLS_PRIOR, by integrating θ and μ out analytically
 * and τ numerically on a fine grid: given τ, μ is normal and each θ_j is normal, so their moments are
 * mixtures over τ of closed forms.
 */
export function eightSchoolsExact(): {
  mu: number;
  muSd: number;
  tau: number;
  tauSd: number;
  theta1: number;
  theta1Sd: number;
} {
  const { y: Y, sigma: S } = EIGHT_SCHOOLS;
  let z = 0;
  const sums = { mu: [0, 0], tau: [0, 0], theta1: [0, 0] };
  const add = (key: keyof typeof sums, w: number, mean: number, variance: number) => {
    sums[key][0]! += w * mean;
    sums[key][1]! += w * (variance + mean * mean);
  };
  const step = 0.005;
  for (let tau = step / 2; tau < 400; tau += step) {
    const v = S.map((s) => s * s + tau * tau);
    const precision = 1 / 25 + v.reduce((acc, vj) => acc + 1 / vj, 0);
    const m = Y.reduce((acc, y, j) => acc + y / v[j]!, 0) / precision;
    const logLik =
      -0.5 * v.reduce((acc, vj) => acc + Math.log(vj), 0) -
      0.5 * Math.log(precision) -
      0.5 * (Y.reduce((acc, y, j) => acc + (y * y) / v[j]!, 0) - precision * m * m);
    const w = Math.exp(logLik) / (1 + (tau / 5) ** 2);
    z += w;
    add("mu", w, m, 1 / precision);
    add("tau", w, tau, 0);
    // θ₁ | μ, τ ~ N(V(y₁/s₁² + μ/τ²), V) with V = 1/(1/s₁² + 1/τ²); then μ | τ ~ N(m, 1/precision).
    const vTheta = 1 / (1 / S[0]! ** 2 + 1 / tau ** 2);
    const shrink = vTheta / tau ** 2;
    add("theta1", w, vTheta * (Y[0]! / S[0]! ** 2) + shrink * m, vTheta + (shrink * shrink) / precision);
  }
  const mean = (key: keyof typeof sums) => sums[key][0]! / z;
  const sd = (key: keyof typeof sums) => Math.sqrt(sums[key][1]! / z - mean(key) ** 2);
  return {
    mu: mean("mu"),
    muSd: sd("mu"),
    tau: mean("tau"),
    tauSd: sd("tau"),
    theta1: mean("theta1"),
    theta1Sd: sd("theta1"),
  };
}

export interface CheckRow {
  quantity: string;
  fitted: number;
  reference: number;
  absError: number;
  tolerance: number;
  ok: boolean;
}

/**
 * Fits eight schools and compares posterior means and sds with the quadrature reference. Each tolerance is
 * four Monte Carlo standard errors, sd/√ESS; an sd's own MCSE is sd·√((κ−1)/(4·ESS)), no larger for
 * kurtosis κ ≤ 5, so the same bound serves. θ₁ has no ESS of its own in the fit and borrows the smallest.
 */
export function checkEightSchools(options: FitOptions = {}): { rows: CheckRow[]; ok: boolean } {
  const fit = fitHierarchical(eightSchoolsGroups(), EIGHT_SCHOOLS_PRIOR, options);
  const exact = eightSchoolsExact();
  const ess = (parameter: string) => fit.diagnostics.find((d) => d.parameter === parameter)!.ess;
  const theta1 = { mean: fit.groups[0]!.mean[0]!, sd: fit.groups[0]!.sd[0]! };
  const rows: CheckRow[] = [];
  const compare = (name: string, fitted: Moments, reference: Moments, n: number) => {
    for (const stat of ["mean", "sd"] as const) {
      const absError = Math.abs(fitted[stat] - reference[stat]);
      const tolerance = (4 * reference.sd) / Math.sqrt(n);
      rows.push({
        quantity: `${name} ${stat}`,
        fitted: fitted[stat],
        reference: reference[stat],
        absError,
        tolerance,
        ok: absError <= tolerance,
      });
    }
  };
  compare("mu", fit.mu[0]!, { mean: exact.mu, sd: exact.muSd }, ess("mu[0]"));
  compare("tau", fit.tau[0]!, { mean: exact.tau, sd: exact.tauSd }, ess("tau[0]"));
  compare("theta_1", theta1, { mean: exact.theta1, sd: exact.theta1Sd }, fit.minEss);
  return { rows, ok: rows.every((r) => r.ok) };
}
