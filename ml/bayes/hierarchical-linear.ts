import { inverse, Matrix } from "ml-matrix";
import { createRandom, type Random } from "../random.ts";
import { effectiveSampleSize, splitRhat } from "./diagnostics.ts";
import { inverseGamma, inverseWishart, multivariateNormal } from "./variates.ts";

/**
 * A hierarchical Bayesian linear model fitted by Gibbs sampling:
 *   y_gi = x_gi · β_g + ε,  ε ~ N(0, σ²) (or a known variance per observation),
 *   β_g ~ N(μ, Σ),  μ ~ N(m₀, S₀),
 *   Σ with Huang and Wand's (2013) prior: each group-level standard deviation is half-t(ν, A_k) and the
 *   correlations are uniform when ν = 2; every full conditional stays conjugate, so the sampler is exact
 *   Gibbs. ν = 1 gives half-Cauchy(A_k), the prior of the classic eight-schools analysis.
 *   σ² ~ inverse-gamma(a₀, b₀) when the noise is unknown.
 */
export interface Group {
  x: number[][];
  y: number[];
  /** Known noise variance of each observation (eight schools); omit to learn a shared σ². */
  noiseVariance?: number[];
}

export interface HierarchicalPrior {
  mean: number[];
  meanCovariance: number[][];
  /** Half-t scale A_k of each coefficient's between-group standard deviation. */
  scale: number[];
  df?: number;
  noise?: { shape: number; scale: number };
}

export interface FitOptions {
  chains?: number;
  warmup?: number;
  draws?: number;
  seed?: number;
}

export interface Summary {
  mean: number;
  sd: number;
  q05: number;
  q95: number;
}

export interface HierarchicalFit {
  mu: Summary[];
  tau: Summary[];
  sigma: Summary | null;
  /** Posterior mean and sd of each group's coefficients. */
  groups: { mean: number[]; sd: number[] }[];
  /** Posterior mean of Σ. */
  covariance: number[][];
  diagnostics: { parameter: string; rhat: number; ess: number }[];
  maxRhat: number;
  minEss: number;
  drawsPerChain: number;
  chains: number;
}

function summarise(draws: number[]): Summary {
  const sorted = [...draws].sort((a, b) => a - b);
  const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
  const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1));
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { mean, sd, q05: q(0.05), q95: q(0.95) };
}

interface Prepared {
  xtwx: Matrix;
  xtwy: Matrix;
  x: Matrix;
  y: number[];
  known: boolean;
}

function prepare(g: Group): Prepared {
  const x = new Matrix(g.x);
  const w = g.noiseVariance ? g.noiseVariance.map((v) => 1 / v) : g.y.map(() => 1);
  const xw = x.clone();
  for (let i = 0; i < xw.rows; i++) for (let j = 0; j < xw.columns; j++) xw.set(i, j, xw.get(i, j) * w[i]!);
  return {
    x,
    y: g.y,
    xtwx: xw.transpose().mmul(x),
    xtwy: xw.transpose().mmul(Matrix.columnVector(g.y)),
    known: Boolean(g.noiseVariance),
  };
}

function runChain(groups: Prepared[], prior: HierarchicalPrior, r: Random, warmup: number, draws: number) {
  const p = prior.mean.length;
  const df = prior.df ?? 2;
  const known = groups.every((g) => g.known);
  const S0inv = inverse(new Matrix(prior.meanCovariance));
  const m0 = Matrix.columnVector(prior.mean);
  const nObs = groups.reduce((s, g) => s + g.y.length, 0);
  // Start from the prior: μ = m₀, Σ = diag(A²), σ² = 1.
  let mu = [...prior.mean];
  let sigmaCov = Matrix.diag(prior.scale.map((a) => a * a));
  let a = prior.scale.map((s) => s * s);
  let sigma2 = 1;
  const betas: number[][] = groups.map(() => [...prior.mean]);
  const trace = { mu: [] as number[][], tau: [] as number[][], sigma: [] as number[] };
  const sums = groups.map(() => ({ s: new Array<number>(p).fill(0), ss: new Array<number>(p).fill(0) }));
  const covSum = Matrix.zeros(p, p);

  for (let it = 0; it < warmup + draws; it++) {
    const sigmaInv = inverse(sigmaCov);
    const sigmaInvMu = sigmaInv.mmul(Matrix.columnVector(mu));
    // β_g | μ, Σ, σ², y
    groups.forEach((g, gi) => {
      const scale = known ? 1 : 1 / sigma2;
      const precision = g.xtwx.clone().mul(scale).add(sigmaInv);
      const cov = inverse(precision);
      const mean = cov.mmul(g.xtwy.clone().mul(scale).add(sigmaInvMu));
      betas[gi] = multivariateNormal(r, mean.to1DArray(), cov);
    });
    // μ | β, Σ
    const betaSum = Matrix.columnVector(new Array<number>(p).fill(0));
    for (const b of betas) betaSum.add(Matrix.columnVector(b));
    const muCov = inverse(S0inv.clone().add(sigmaInv.clone().mul(groups.length)));
    const muMean = muCov.mmul(S0inv.mmul(m0).add(sigmaInv.mmul(betaSum)));
    mu = multivariateNormal(r, muMean.to1DArray(), muCov);
    // Σ | β, μ, a  (Huang-Wand), then a | Σ
    const scatter = Matrix.diag(a.map((ak) => (2 * df) / ak));
    for (const b of betas) {
      const d = Matrix.columnVector(b.map((v, k) => v - mu[k]!));
      scatter.add(d.mmul(d.transpose()));
    }
    sigmaCov = inverseWishart(r, df + p - 1 + groups.length, scatter);
    const sigmaCovInv = inverse(sigmaCov);
    a = prior.scale.map((A, k) => inverseGamma(r, (df + p) / 2, df * sigmaCovInv.get(k, k) + 1 / (A * A)));
    // σ² | β, y
    if (!known) {
      let sse = 0;
      groups.forEach((g, gi) => {
        const fitted = g.x.mmul(Matrix.columnVector(betas[gi]!));
        g.y.forEach((y, i) => (sse += (y - fitted.get(i, 0)) ** 2));
      });
      const noise = prior.noise ?? { shape: 1, scale: 1 };
      sigma2 = inverseGamma(r, noise.shape + nObs / 2, noise.scale + sse / 2);
    }
    if (it < warmup) continue;
    trace.mu.push([...mu]);
    trace.tau.push(prior.scale.map((_, k) => Math.sqrt(sigmaCov.get(k, k))));
    trace.sigma.push(Math.sqrt(sigma2));
    covSum.add(sigmaCov);
    betas.forEach((b, gi) =>
      b.forEach((v, k) => {
        sums[gi]!.s[k]! += v;
        sums[gi]!.ss[k]! += v * v;
      }),
    );
  }
  return { trace, sums, covSum, known };
}

export function fitHierarchical(
  groups: readonly Group[],
  prior: HierarchicalPrior,
  options: FitOptions = {},
): HierarchicalFit {
  const chains = options.chains ?? 4;
  const warmup = options.warmup ?? 500;
  const draws = options.draws ?? 1000;
  const prepared = groups.map(prepare);
  const p = prior.mean.length;
  const runs = Array.from({ length: chains }, (_, c) =>
    runChain(prepared, prior, createRandom((options.seed ?? 1) * 7919 + c), warmup, draws),
  );
  const known = runs[0]!.known;
  const pooled = (pick: (t: (typeof runs)[number]["trace"]) => number[]) =>
    runs.map((run) => pick(run.trace));
  const diagnostics: HierarchicalFit["diagnostics"] = [];
  const diag = (parameter: string, perChain: number[][]) =>
    diagnostics.push({ parameter, rhat: splitRhat(perChain), ess: effectiveSampleSize(perChain) });
  for (let k = 0; k < p; k++) {
    diag(
      `mu[${k}]`,
      pooled((t) => t.mu.map((v) => v[k]!)),
    );
    diag(
      `tau[${k}]`,
      pooled((t) => t.tau.map((v) => v[k]!)),
    );
  }
  if (!known)
    diag(
      "sigma",
      pooled((t) => t.sigma),
    );
  const total = chains * draws;
  const covariance = runs
    .reduce((acc, r) => acc.add(r.covSum), Matrix.zeros(p, p))
    .div(total)
    .to2DArray();
  return {
    mu: Array.from({ length: p }, (_, k) => summarise(pooled((t) => t.mu.map((v) => v[k]!)).flat())),
    tau: Array.from({ length: p }, (_, k) => summarise(pooled((t) => t.tau.map((v) => v[k]!)).flat())),
    sigma: known ? null : summarise(pooled((t) => t.sigma).flat()),
    groups: groups.map((_, gi) => {
      const mean = Array.from(
        { length: p },
        (_, k) => runs.reduce((s, r) => s + r.sums[gi]!.s[k]!, 0) / total,
      );
      const sd = mean.map((m, k) =>
        Math.sqrt(Math.max(0, runs.reduce((s, r) => s + r.sums[gi]!.ss[k]!, 0) / total - m * m)),
      );
      return { mean, sd };
    }),
    covariance,
    diagnostics,
    maxRhat: Math.max(...diagnostics.map((d) => d.rhat)),
    minEss: Math.min(...diagnostics.map((d) => d.ess)),
    drawsPerChain: draws,
    chains,
  };
}
