import { createRandom, type Random } from "../random.ts";
import { drawGivenPrecision, fromRows, multiplyVector, spdInverse, toRows } from "./dense.ts";
import { effectiveSampleSize, splitRhat } from "./diagnostics.ts";
import { inverseGamma, sliceStep, wishart } from "./variates.ts";

/**
 * A hierarchical Bayesian linear model fitted by Gibbs sampling:
 *   y_gi = x_gi · β_g + ε,  ε ~ N(0, σ²) (or a known variance per observation),
 *   β_g ~ N(μ, Σ),  μ ~ N(m₀, S₀),
 *   Σ with Huang and Wand's (2013) prior: each group-level standard deviation is half-t(ν, A_k) and the
 *   correlations are uniform when ν = 2; every full conditional stays conjugate, so the sampler is exact
 *   Gibbs. ν = 1 gives half-Cauchy(A_k), the prior of the classic eight-schools analysis.
 *   σ² ~ inverse-gamma(a₀, b₀) when the noise is unknown.
 * Each sweep adds two group moves (a shift of μ and every β_g, a scale of each coefficient's spread) that
 * keep the posterior invariant and cure the centred parameterisation's slow mixing when groups have little
 * data. The sampler only touches each group's sufficient statistics, so a sweep costs O(p³) per group
 * whatever the number of observations.
 */
export interface Group {
  x: number[][];
  y: number[];
  /** Known noise variance of each observation (eight schools); omit to learn a shared σ². */
  noiseVariance?: number[];
}

/** X'WX, X'Wy, y'Wy and n of one group; W = diag(1 / noiseVariance) when the noise is known, else I. */
export interface SufficientStatistics {
  xtx: number[][];
  xty: number[];
  yty: number;
  n: number;
  /** Weighted by known noise variances, so σ² is not learned; set by sufficientStatistics(). */
  knownNoise?: boolean;
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
  /** Called with the fraction of sweeps done, at most once per percent. */
  onProgress?: (fraction: number) => void;
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
  /** Posterior of the noise sd σ (null when the noise is known). */
  sigma: Summary | null;
  /** Posterior mean of σ², the noise variance a cached population needs (not the square of sigma.mean). */
  noiseVariance: number | null;
  /** Posterior mean, sd and covariance of each group's coefficients (for credible intervals). */
  groups: { mean: number[]; sd: number[]; covariance: number[][] }[];
  /** Posterior mean of Σ. */
  covariance: number[][];
  diagnostics: { parameter: string; rhat: number; ess: number }[];
  maxRhat: number;
  minEss: number;
  drawsPerChain: number;
  chains: number;
}

export function sufficientStatistics(group: Group): SufficientStatistics {
  const p = group.x[0]?.length ?? 0;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  let yty = 0;
  group.x.forEach((row, i) => {
    const w = group.noiseVariance ? 1 / group.noiseVariance[i]! : 1;
    const y = group.y[i]!;
    for (let j = 0; j < p; j++) {
      const wx = w * row[j]!;
      xty[j]! += wx * y;
      for (let k = j; k < p; k++) xtx[j]![k]! += wx * row[k]!;
    }
    yty += w * y * y;
  });
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) xtx[j]![k] = xtx[k]![j]!;
  return { xtx, xty, yty, n: group.y.length, knownNoise: Boolean(group.noiseVariance) };
}

/** Every group's statistics packed into flat typed arrays for the sweep. */
interface Packed {
  p: number;
  count: number;
  xtx: Float64Array;
  xty: Float64Array;
  yty: Float64Array;
  nObs: number;
  known: boolean;
}

function pack(groups: readonly (Group | SufficientStatistics)[], p: number): Packed {
  const stats = groups.map((g) => ("xtx" in g ? g : sufficientStatistics(g)));
  const known = stats.map((s) => Boolean(s.knownNoise));
  // Mixed groups have no coherent model: known variances would be in absolute units, the rest in units of σ².
  if (known.some((k) => k !== known[0])) throw new Error("either every group has known noise or none has");
  const packed: Packed = {
    p,
    count: stats.length,
    xtx: new Float64Array(stats.length * p * p),
    xty: new Float64Array(stats.length * p),
    yty: new Float64Array(stats.length),
    nObs: 0,
    known: known[0] ?? false,
  };
  stats.forEach((s, g) => {
    if (s.xty.length !== p || s.xtx.length !== p)
      throw new Error(`group ${g} has ${s.xty.length} coefficients, not ${p}`);
    packed.xtx.set(fromRows(s.xtx), g * p * p);
    packed.xty.set(s.xty, g * p);
    packed.yty[g] = s.yty;
    packed.nObs += s.n;
  });
  return packed;
}

/** Sums over every kept draw of every chain: of β_g, of β_g β_gᵀ (upper triangle) and of Σ. */
interface Accumulators {
  beta: Float64Array;
  cross: Float64Array;
  sigmaCov: Float64Array;
}

function runChain(
  data: Packed,
  prior: HierarchicalPrior,
  r: Random,
  warmup: number,
  draws: number,
  acc: Accumulators,
  tick: () => void,
) {
  const { p, count, xtx, xty, yty, known } = data;
  const pp = p * p;
  const df = prior.df ?? 2;
  const noise = prior.noise ?? { shape: 1, scale: 1 };
  const s0inv = spdInverse(fromRows(prior.meanCovariance), p);
  const s0invM0 = multiplyVector(s0inv, prior.mean, p);
  const aInvSq = prior.scale.map((A) => 1 / (A * A));
  // Start from the prior: μ = m₀, Σ = diag(A²), σ² = 1.
  const mu = Float64Array.from(prior.mean);
  let sigmaInv: Float64Array = new Float64Array(pp);
  let sigmaCov: Float64Array = new Float64Array(pp);
  for (let k = 0; k < p; k++) sigmaInv[k * p + k] = aInvSq[k]!;
  let a = prior.scale.map((s) => s * s);
  let sigma2 = 1;
  const betas = new Float64Array(count * p);
  // X'W(y − Xβ_g) of every group, for the group moves.
  const residual = new Float64Array(count * p);
  const precision = new Float64Array(pp);
  const b = new Float64Array(p);
  const sigmaInvMu = new Float64Array(p);
  const betaSum = new Float64Array(p);
  const scatter = new Float64Array(pp);
  const trace = { mu: [] as number[][], tau: [] as number[][], sigma: [] as number[] };

  const xtxTotal = new Float64Array(pp);
  for (let g = 0; g < count; g++) for (let i = 0; i < pp; i++) xtxTotal[i]! += xtx[g * pp + i]!;
  const delta = new Float64Array(p);
  /**
   * Centred Gibbs mixes slowly when each group has little data: μ pins the β_g and they pin μ. This group
   * move shifts μ and every β_g by one δ, which leaves p(β | μ, Σ) unchanged, so δ is drawn exactly from
   * N(P⁻¹b, P⁻¹) with P = S₀⁻¹ + Σ_g X'WX/σ² and b = Σ_g X'W(y − Xβ_g)/σ² − S₀⁻¹(μ − m₀).
   */
  const translationMove = (precisionScale: number) => {
    for (let i = 0; i < pp; i++) precision[i] = s0inv[i]! + precisionScale * xtxTotal[i]!;
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let g = 0; g < count; g++) s += residual[g * p + i]!;
      b[i] = precisionScale * s + s0invM0[i]!;
      for (let k = 0; k < p; k++) b[i]! -= s0inv[i * p + k]! * mu[k]!;
    }
    drawGivenPrecision(r, precision, b, p, delta);
    for (let i = 0; i < p; i++) mu[i]! += delta[i]!;
    for (let g = 0; g < count; g++)
      for (let i = 0; i < p; i++) {
        betas[g * p + i]! += delta[i]!;
        let s = 0;
        for (let k = 0; k < p; k++) s += xtx[g * pp + i * p + k]! * delta[k]!;
        residual[g * p + i]! -= s;
      }
  };

  /**
   * Centred Gibbs also mixes slowly where groups say little about a coefficient next to its spread (the
   * funnel): the β_gk stay near μ_k, which pins Σ_kk and a_k, which pin them back. This group move (Liu and
   * Sabatti 2000; parameter expansion) scales every deviation β_gk − μ_k and row and column k of Σ by
   * α = eᵗ and a_k by α⁻², which leaves p(β | μ, Σ) p(Σ | a) unchanged but for powers of α. With those, the
   * Jacobians and the Haar measure dα/α, t has log density t − (e^2t − 1)/(A_k² a_k) + R(α − 1) − Q(α − 1)²/2,
   * where R = Σ_g d_gk x_k'W(y − Xβ_g)/σ² and Q = Σ_g d_gk² x_k'Wx_k/σ² carry the likelihood. A slice step
   * from t = 0 is translation-equivariant, so the move leaves the posterior invariant.
   */
  const scaleMove = (k: number, precisionScale: number) => {
    let linear = 0;
    let quadratic = 0;
    for (let g = 0; g < count; g++) {
      const d = betas[g * p + k]! - mu[k]!;
      linear += d * residual[g * p + k]!;
      quadratic += d * d * xtx[g * pp + k * p + k]!;
    }
    linear *= precisionScale;
    quadratic *= precisionScale;
    const c = aInvSq[k]! / a[k]!;
    const t = sliceStep(
      r,
      (t) => {
        const e = Math.exp(t) - 1;
        return t - c * (Math.exp(2 * t) - 1) + linear * e - 0.5 * quadratic * e * e;
      },
      0,
    );
    const alpha = Math.exp(t);
    a[k]! /= alpha * alpha;
    for (let g = 0; g < count; g++) {
      const shift = (alpha - 1) * (betas[g * p + k]! - mu[k]!);
      betas[g * p + k]! += shift;
      for (let i = 0; i < p; i++) residual[g * p + i]! -= xtx[g * pp + i * p + k]! * shift;
    }
    for (let i = 0; i < p; i++) {
      sigmaCov[i * p + k]! *= alpha;
      sigmaCov[k * p + i]! *= alpha;
      sigmaInv[i * p + k]! /= alpha;
      sigmaInv[k * p + i]! /= alpha;
    }
  };

  for (let it = 0; it < warmup + draws; it++) {
    // β_g | μ, Σ, σ², y: precision X'WX/σ² + Σ⁻¹, shift X'Wy/σ² + Σ⁻¹μ; the residual sum of squares
    // ‖y − Xβ‖² = y'y − 2β'X'y + β'X'Xβ comes from the same statistics for the σ² step.
    multiplyVector(sigmaInv, mu, p, sigmaInvMu);
    const scale = known ? 1 : 1 / sigma2;
    let sse = 0;
    betaSum.fill(0);
    for (let g = 0; g < count; g++) {
      const o = g * pp;
      const go = g * p;
      for (let i = 0; i < pp; i++) precision[i] = xtx[o + i]! * scale + sigmaInv[i]!;
      for (let i = 0; i < p; i++) b[i] = xty[go + i]! * scale + sigmaInvMu[i]!;
      const beta = betas.subarray(go, go + p);
      drawGivenPrecision(r, precision, b, p, beta);
      let quad = 0;
      for (let i = 0; i < p; i++) {
        const bi = beta[i]!;
        betaSum[i]! += bi;
        let row = 0;
        for (let k = 0; k < p; k++) row += xtx[o + i * p + k]! * beta[k]!;
        quad += bi * (row - 2 * xty[go + i]!);
        residual[go + i] = xty[go + i]! - row;
      }
      sse += yty[g]! + quad;
    }
    // μ | β, Σ
    for (let i = 0; i < pp; i++) precision[i] = s0inv[i]! + count * sigmaInv[i]!;
    multiplyVector(sigmaInv, betaSum, p, b);
    for (let i = 0; i < p; i++) b[i]! += s0invM0[i]!;
    drawGivenPrecision(r, precision, b, p, mu);
    // Σ | β, μ, a (Huang-Wand): inverse-Wishart, drawn as Σ⁻¹ ~ Wishart(ν', scatter⁻¹); then a | Σ.
    scatter.fill(0);
    for (let k = 0; k < p; k++) scatter[k * p + k] = (2 * df) / a[k]!;
    for (let g = 0; g < count; g++) {
      const go = g * p;
      for (let i = 0; i < p; i++) {
        const di = betas[go + i]! - mu[i]!;
        for (let k = 0; k <= i; k++) scatter[i * p + k]! += di * (betas[go + k]! - mu[k]!);
      }
    }
    sigmaInv = wishart(r, df + p - 1 + count, spdInverse(scatter, p), p);
    sigmaCov = spdInverse(sigmaInv, p);
    a = aInvSq.map((ia, k) => inverseGamma(r, (df + p) / 2, df * sigmaInv[k * p + k]! + ia));
    // σ² | β, y
    if (!known) sigma2 = inverseGamma(r, noise.shape + data.nObs / 2, noise.scale + Math.max(0, sse) / 2);
    translationMove(known ? 1 : 1 / sigma2);
    for (let k = 0; k < p; k++) scaleMove(k, known ? 1 : 1 / sigma2);
    tick();
    if (it < warmup) continue;
    trace.mu.push(Array.from(mu));
    trace.tau.push(Array.from({ length: p }, (_, k) => Math.sqrt(sigmaCov[k * p + k]!)));
    trace.sigma.push(Math.sqrt(sigma2));
    for (let i = 0; i < pp; i++) acc.sigmaCov[i]! += sigmaCov[i]!;
    for (let g = 0; g < count; g++) {
      const go = g * p;
      const o = g * pp;
      for (let i = 0; i < p; i++) {
        const bi = betas[go + i]!;
        acc.beta[go + i]! += bi;
        for (let k = i; k < p; k++) acc.cross[o + i * p + k]! += bi * betas[go + k]!;
      }
    }
  }
  return trace;
}

function summarise(draws: number[]): Summary {
  const sorted = [...draws].sort((a, b) => a - b);
  const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
  const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1));
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { mean, sd, q05: q(0.05), q95: q(0.95) };
}

export function fitHierarchical(
  groups: readonly (Group | SufficientStatistics)[],
  prior: HierarchicalPrior,
  options: FitOptions = {},
): HierarchicalFit {
  const chains = options.chains ?? 4;
  const warmup = options.warmup ?? 500;
  const draws = options.draws ?? 1000;
  const p = prior.mean.length;
  const data = pack(groups, p);
  const acc: Accumulators = {
    beta: new Float64Array(data.count * p),
    cross: new Float64Array(data.count * p * p),
    sigmaCov: new Float64Array(p * p),
  };
  const sweeps = chains * (warmup + draws);
  let done = 0;
  let reported = 0;
  const tick = () => {
    done++;
    const percent = Math.floor((100 * done) / sweeps);
    if (percent > reported) {
      reported = percent;
      options.onProgress?.(done / sweeps);
    }
  };
  const traces = Array.from({ length: chains }, (_, c) =>
    runChain(data, prior, createRandom((options.seed ?? 1) * 7919 + c), warmup, draws, acc, tick),
  );
  const perChain = (pick: (t: (typeof traces)[number]) => number[]) => traces.map(pick);
  const diagnostics: HierarchicalFit["diagnostics"] = [];
  const diag = (parameter: string, draws: number[][]) =>
    diagnostics.push({ parameter, rhat: splitRhat(draws), ess: effectiveSampleSize(draws) });
  for (let k = 0; k < p; k++) {
    diag(
      `mu[${k}]`,
      perChain((t) => t.mu.map((v) => v[k]!)),
    );
    diag(
      `tau[${k}]`,
      perChain((t) => t.tau.map((v) => v[k]!)),
    );
  }
  if (!data.known)
    diag(
      "sigma",
      perChain((t) => t.sigma),
    );
  const total = chains * draws;
  return {
    mu: Array.from({ length: p }, (_, k) => summarise(perChain((t) => t.mu.map((v) => v[k]!)).flat())),
    tau: Array.from({ length: p }, (_, k) => summarise(perChain((t) => t.tau.map((v) => v[k]!)).flat())),
    sigma: data.known ? null : summarise(perChain((t) => t.sigma).flat()),
    noiseVariance: data.known
      ? null
      : perChain((t) => t.sigma)
          .flat()
          .reduce((s, v) => s + v * v, 0) / total,
    groups: Array.from({ length: data.count }, (_, g) => {
      const mean = Array.from(acc.beta.subarray(g * p, (g + 1) * p), (s) => s / total);
      const covariance = mean.map((mi, i) =>
        mean.map((mk, k) => acc.cross[g * p * p + Math.min(i, k) * p + Math.max(i, k)]! / total - mi * mk),
      );
      return { mean, sd: covariance.map((row, i) => Math.sqrt(Math.max(0, row[i]!))), covariance };
    }),
    covariance: toRows(
      acc.sigmaCov.map((s) => s / total),
      p,
    ),
    diagnostics,
    maxRhat: Math.max(...diagnostics.map((d) => d.rhat)),
    minEss: Math.min(...diagnostics.map((d) => d.ess)),
    drawsPerChain: draws,
    chains,
  };
}
