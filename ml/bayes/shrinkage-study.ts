import { createRandom, type Random } from "../random.ts";
import { posteriorGivenPopulation, type Population } from "./conjugate-normal.ts";
import { cholesky, backSubstitute, forwardSubstitute, fromRows } from "./dense.ts";
import {
  fitHierarchical,
  sufficientStatistics,
  type FitOptions,
  type HierarchicalPrior,
  type SufficientStatistics,
} from "./hierarchical-linear.ts";
import { multivariateNormal } from "./variates.ts";

/**
 * A simulation study of partial pooling: groups (climbers) with known true coefficients drawn from a known
 * population, each with a given number of observations (sessions), estimated five ways. It shows how much
 * the hierarchical fit gains over no pooling and complete pooling at each amount of data, and how close the
 * quick conjugate update comes to the full fit, from a cached (possibly wrong) population or from the
 * population the fit estimated.
 */
export interface ShrinkageStudyConfig {
  truth: { mean: number[]; covariance: number[][]; noiseSd: number };
  /** Draws one observation's design row. */
  drawRow: (r: Random) => { x: number[] };
  /** Observations per group; each count gets `groupsPerCount` groups. */
  sessionCounts: number[];
  groupsPerCount: number;
  /** Extra observations per group, predicted (noiselessly) by each estimator. */
  heldOutSessions: number;
  prior: HierarchicalPrior;
  /** The population the quick update assumes (deliberately not the truth in a realistic study). */
  cachedPopulation: Population;
  fit?: FitOptions;
  seed: number;
}

/**
 * quickUpdate starts from the cached (literature) population; quickFromFit from the population the full fit
 * estimated — what production's quick update uses after a converged nightly fit.
 */
export const ESTIMATORS = ["perGroupLs", "pooledLs", "quickUpdate", "quickFromFit", "hierarchical"] as const;
export type Estimator = (typeof ESTIMATORS)[number];

export interface StudyRow {
  /** The observations per group, or "all" for the overall row. */
  sessions: number | "all";
  groups: number;
  /** RMSE of the estimated coefficients against each group's true ones. */
  coefficientRmse: Record<Estimator, number>;
  /** RMSE of held-out predictions against the noiseless truth x·β. */
  predictionRmse: Record<Estimator, number>;
}

export interface ShrinkageStudy {
  rows: StudyRow[];
  fit: { maxRhat: number; minEss: number };
}

/**
 * Least squares with a tiny ridge, λ = 1e-8 · mean diagonal of X'X: the ordinary solution when X'X is well
 * conditioned, and close to the minimum-norm one when it is rank-deficient (fewer observations than
 * coefficients, or a type never seen), where unidentified directions stay at zero.
 */
function leastSquares(stats: Pick<SufficientStatistics, "xtx" | "xty">): number[] {
  const p = stats.xty.length;
  const a = fromRows(stats.xtx);
  let trace = 0;
  for (let i = 0; i < p; i++) trace += a[i * p + i]!;
  const lambda = 1e-8 * Math.max(trace / p, 1e-12);
  for (let i = 0; i < p; i++) a[i * p + i]! += lambda;
  cholesky(a, p);
  const beta = Float64Array.from(stats.xty);
  forwardSubstitute(a, beta, p);
  backSubstitute(a, beta, p);
  return Array.from(beta);
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

interface SimulatedGroup {
  sessions: number;
  beta: number[];
  stats: SufficientStatistics;
  heldOut: number[][];
}

export function runShrinkageStudy(config: ShrinkageStudyConfig): ShrinkageStudy {
  const r = createRandom(config.seed);
  const { truth } = config;
  const groups: SimulatedGroup[] = config.sessionCounts.flatMap((sessions) =>
    Array.from({ length: config.groupsPerCount }, () => {
      const beta = multivariateNormal(r, truth.mean, truth.covariance);
      const x = Array.from({ length: sessions }, () => config.drawRow(r).x);
      const y = x.map((row) => dot(row, beta) + truth.noiseSd * r.normal());
      const heldOut = Array.from({ length: config.heldOutSessions }, () => config.drawRow(r).x);
      return { sessions, beta, stats: sufficientStatistics({ x, y }), heldOut };
    }),
  );

  const p = truth.mean.length;
  const pooledStats = {
    xtx: Array.from({ length: p }, (_, i) =>
      Array.from({ length: p }, (_, j) => groups.reduce((s, g) => s + g.stats.xtx[i]![j]!, 0)),
    ),
    xty: Array.from({ length: p }, (_, i) => groups.reduce((s, g) => s + g.stats.xty[i]!, 0)),
  };
  const pooled = leastSquares(pooledStats);
  const fit = fitHierarchical(
    groups.map((g) => g.stats),
    config.prior,
    { seed: config.seed, ...config.fit },
  );
  const fitted: Population = {
    mean: fit.mu.map((m) => m.mean),
    covariance: fit.covariance,
    noiseVariance: fit.noiseVariance ?? truth.noiseSd ** 2,
  };
  const estimates: Record<Estimator, number[]>[] = groups.map((g, i) => ({
    perGroupLs: leastSquares(g.stats),
    pooledLs: pooled,
    quickUpdate: posteriorGivenPopulation(g.stats, config.cachedPopulation).mean,
    quickFromFit: posteriorGivenPopulation(g.stats, fitted).mean,
    hierarchical: fit.groups[i]!.mean,
  }));

  const row = (sessions: number | "all"): StudyRow => {
    const members = groups.flatMap((g, i) => (sessions === "all" || g.sessions === sessions ? [i] : []));
    const rmse = (error: (g: SimulatedGroup, est: number[]) => number[]) =>
      Object.fromEntries(
        ESTIMATORS.map((e) => {
          const errors = members.flatMap((i) => error(groups[i]!, estimates[i]![e]));
          return [e, Math.sqrt(errors.reduce((s, v) => s + v * v, 0) / errors.length)];
        }),
      ) as Record<Estimator, number>;
    return {
      sessions,
      groups: members.length,
      coefficientRmse: rmse((g, est) => est.map((v, k) => v - g.beta[k]!)),
      predictionRmse: rmse((g, est) => g.heldOut.map((x) => dot(x, est) - dot(x, g.beta))),
    };
  };
  return {
    rows: [...config.sessionCounts.map(row), row("all")],
    fit: { maxRhat: fit.maxRhat, minEss: fit.minEss },
  };
}
