import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { fitHierarchical, type Group } from "./hierarchical-linear";

const Y = [28, 8, -3, 7, -1, 1, 18, 12];
const S = [15, 10, 16, 11, 9, 11, 10, 18];

/**
 * The exact posterior means of μ and τ for eight schools under μ ~ N(0, 5²), τ ~ half-Cauchy(0, 5), by
 * integrating θ and μ out analytically and τ numerically on a fine grid.
 */
function eightSchoolsExact() {
  let z = 0;
  let eMu = 0;
  let eTau = 0;
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
    eMu += w * m;
    eTau += w * tau;
  }
  return { mu: eMu / z, tau: eTau / z };
}

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
