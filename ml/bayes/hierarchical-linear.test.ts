import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { posteriorGivenPopulation } from "./conjugate-normal";
import { EIGHT_SCHOOLS, eightSchoolsExact } from "./eight-schools";
import { fitHierarchical, sufficientStatistics, type Group } from "./hierarchical-linear";

const { y: Y, sigma: S } = EIGHT_SCHOOLS;
const diagonal = (v: number[]) => v.map((a, i) => v.map((_, j) => (i === j ? a : 0)));

describe("hierarchical Gibbs sampler", () => {
  it("reproduces the eight-schools posterior (μ ≈ 4.4, τ ≈ 3.6, θ₁ ≈ 6.2) and converges", () => {
    const groups: Group[] = Y.map((y, j) => ({ x: [[1]], y: [y], noiseVariance: [S[j]! ** 2] }));
    const fit = fitHierarchical(
      groups,
      { mean: [0], meanCovariance: [[25]], scale: [5], df: 1 },
      {
        chains: 4,
        warmup: 1000,
        draws: 5000,
        seed: 3,
      },
    );
    const exact = eightSchoolsExact();
    expect(exact.mu).toBeCloseTo(4.4, 0);
    expect(exact.tau).toBeCloseTo(3.6, 0);
    const mcse = (sd: number, ess: number) => sd / Math.sqrt(ess);
    const [muDiag, tauDiag] = fit.diagnostics;
    expect(Math.abs(fit.mu[0]!.mean - exact.mu)).toBeLessThan(4 * mcse(fit.mu[0]!.sd, muDiag!.ess));
    expect(Math.abs(fit.tau[0]!.mean - exact.tau)).toBeLessThan(4 * mcse(fit.tau[0]!.sd, tauDiag!.ess));
    expect(fit.groups[0]!.mean[0]).toBeGreaterThan(5.5);
    expect(fit.groups[0]!.mean[0]).toBeLessThan(7);
    expect(fit.maxRhat).toBeLessThan(1.01);
    expect(fit.minEss).toBeGreaterThan(400);
  });

  it("recovers population coefficients and noise, and shrinks groups with little data better than their own fit", () => {
    const r = createRandom(11);
    const trueMu = [5, 1.5, -1];
    const trueTau = [1, 0.5, 0.5];
    const sigma = 1;
    const truths: number[][] = [];
    const groups: Group[] = [];
    for (let g = 0; g < 40; g++) {
      const beta = trueMu.map((m, k) => m + trueTau[k]! * r.normal());
      truths.push(beta);
      const n = g % 4 === 0 ? 4 : 25;
      const x = Array.from({ length: n }, () => [1, r.normal(), r.normal()]);
      groups.push({
        x,
        y: x.map((row) => row.reduce((s, v, k) => s + v * beta[k]!, 0) + sigma * r.normal()),
      });
    }
    const fit = fitHierarchical(
      groups,
      {
        mean: [0, 0, 0],
        meanCovariance: [
          [100, 0, 0],
          [0, 100, 0],
          [0, 0, 100],
        ],
        scale: [2, 2, 2],
      },
      { chains: 2, warmup: 300, draws: 600, seed: 5 },
    );
    trueMu.forEach((m, k) => expect(Math.abs(fit.mu[k]!.mean - m)).toBeLessThan(0.45));
    expect(Math.abs(fit.sigma!.mean - sigma)).toBeLessThan(0.15);
    expect(fit.maxRhat).toBeLessThan(1.05);
    // Groups with four observations: the shrunk estimate beats least squares on that group alone.
    const ols = (g: Group) => {
      // Normal equations for 3 coefficients, by Cramer-free Gaussian elimination.
      const a = [0, 1, 2].map((i) => [0, 1, 2].map((j) => g.x.reduce((s, row) => s + row[i]! * row[j]!, 0)));
      const b = [0, 1, 2].map((i) => g.x.reduce((s, row, n) => s + row[i]! * g.y[n]!, 0));
      for (let i = 0; i < 3; i++)
        for (let j = i + 1; j < 3; j++) {
          const f = a[j]![i]! / a[i]![i]!;
          for (let k = i; k < 3; k++) a[j]![k]! -= f * a[i]![k]!;
          b[j]! -= f * b[i]!;
        }
      const out = [0, 0, 0];
      for (let i = 2; i >= 0; i--)
        out[i] = (b[i]! - [0, 1, 2].slice(i + 1).reduce((s, k) => s + a[i]![k]! * out[k]!, 0)) / a[i]![i]!;
      return out;
    };
    const err = (est: number[], truth: number[]) => est.reduce((s, v, k) => s + (v - truth[k]!) ** 2, 0);
    const small = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.y.length === 4);
    const shrunk = small.reduce((s, { i }) => s + err(fit.groups[i]!.mean, truths[i]!), 0);
    const own = small.reduce((s, { g, i }) => s + err(ols(g), truths[i]!), 0);
    expect(shrunk).toBeLessThan(own);
  });
});

describe("hierarchical fit from sufficient statistics", () => {
  const r = createRandom(21);
  const trueMu = [6, 0.8];
  const groups: Group[] = Array.from({ length: 150 }, (_, g) => {
    const beta = [trueMu[0]! + 0.7 * r.normal(), trueMu[1]! + 0.3 * r.normal()];
    const x = Array.from({ length: g % 3 === 0 ? 3 : 30 }, () => [1, 2 + r.normal()]);
    return { x, y: x.map((row) => row[0]! * beta[0]! + row[1]! * beta[1]! + r.normal()) };
  });
  const prior = { mean: [5, 0], meanCovariance: diagonal([25, 25]), scale: [2, 1] };
  const options = { chains: 2, warmup: 300, draws: 700, seed: 4 };

  it("gives the same draws from statistics as from the raw observations, and reports progress", () => {
    const progress: number[] = [];
    const raw = fitHierarchical(groups, prior, { ...options, onProgress: (f) => progress.push(f) });
    expect(fitHierarchical(groups.map(sufficientStatistics), prior, options)).toEqual(raw);
    expect(progress.length).toBeLessThanOrEqual(100);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("reports each group's posterior covariance: with many groups, near the conjugate one at the fitted population", () => {
    const fit = fitHierarchical(groups, prior, options);
    const population = {
      mean: fit.mu.map((m) => m.mean),
      covariance: fit.covariance,
      noiseVariance: fit.noiseVariance!,
    };
    const correlation = (c: number[][]) => c[0]![1]! / Math.sqrt(c[0]![0]! * c[1]![1]!);
    for (const g of [0, 1, 3]) {
      const exact = posteriorGivenPopulation(sufficientStatistics(groups[g]!), population).covariance;
      const { covariance, sd } = fit.groups[g]!;
      expect(covariance[0]![1]).toBe(covariance[1]![0]);
      covariance.forEach((row, i) => expect(Math.sqrt(row[i]!)).toBeCloseTo(sd[i]!, 12));
      // The full posterior also carries the uncertainty in μ, Σ and σ², so it is a little wider.
      for (const i of [0, 1]) expect(covariance[i]![i]! / exact[i]![i]!).toBeGreaterThan(0.8);
      for (const i of [0, 1]) expect(covariance[i]![i]! / exact[i]![i]!).toBeLessThan(1.25);
      // x is not centred, so intercept and slope are strongly negatively correlated.
      expect(correlation(exact)).toBeLessThan(-0.5);
      expect(Math.abs(correlation(covariance) - correlation(exact))).toBeLessThan(0.1);
    }
  });

  it("refuses to mix groups with known noise and groups without", () => {
    expect(() =>
      fitHierarchical(
        [
          { x: [[1]], y: [1], noiseVariance: [1] },
          { x: [[1]], y: [2] },
        ],
        {
          mean: [0],
          meanCovariance: [[1]],
          scale: [1],
        },
      ),
    ).toThrow(/known noise/);
  });
});
