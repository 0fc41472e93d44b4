import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { effectiveSampleSize, splitRhat } from "./diagnostics";
import { fromRows, spdInverse } from "./dense";
import { gamma, multivariateNormal, sliceStep, wishart } from "./variates";

describe("random variates", () => {
  it("gamma has mean shape/rate and variance shape/rate², also for shape < 1", () => {
    const r = createRandom(1);
    for (const [shape, rate] of [
      [3, 2],
      [0.5, 1],
    ] as const) {
      const xs = Array.from({ length: 40_000 }, () => gamma(r, shape, rate));
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
      expect(m).toBeCloseTo(shape / rate, 1);
      expect(v).toBeCloseTo(shape / rate ** 2, 1);
    }
  });

  it("multivariate normal and inverse-Wishart draws have the right moments", () => {
    const r = createRandom(2);
    const cov = [
      [2, 0.8],
      [0.8, 1],
    ];
    const xs = Array.from({ length: 20_000 }, () => multivariateNormal(r, [1, -1], cov));
    const mx = xs.reduce((s, x) => s + x[0]!, 0) / xs.length;
    const cxy = xs.reduce((s, x) => s + (x[0]! - 1) * (x[1]! + 1), 0) / xs.length;
    expect(mx).toBeCloseTo(1, 1);
    expect(cxy).toBeCloseTo(0.8, 1);
    // The sampler draws Σ ~ IW(ν, Ψ) as the inverse of Wishart(ν, Ψ⁻¹); E[IW(ν, Ψ)] = Ψ / (ν - p - 1).
    const psiInv = spdInverse(
      fromRows([
        [6, 2],
        [2, 3],
      ]),
      2,
    );
    const sum = new Float64Array(4);
    for (let i = 0; i < 20_000; i++)
      spdInverse(wishart(r, 10, psiInv, 2), 2).forEach((v, k) => (sum[k]! += v));
    expect(sum[0]! / 20_000).toBeCloseTo(6 / 7, 1);
    expect(sum[1]! / 20_000).toBeCloseTo(2 / 7, 1);
  });

  it("R-hat flags chains stuck in different places; ESS counts independent draws", () => {
    const r = createRandom(3);
    const iid = () => Array.from({ length: 1000 }, () => r.normal());
    expect(splitRhat([iid(), iid(), iid(), iid()])).toBeLessThan(1.01);
    expect(effectiveSampleSize([iid(), iid()])).toBeGreaterThan(1500);
    expect(splitRhat([iid(), iid().map((x) => x + 3)])).toBeGreaterThan(1.5);
    // A sticky chain (each draw repeated ten times) has about a tenth of the effective draws.
    const sticky = () =>
      Array.from({ length: 100 }, () => r.normal()).flatMap((x) => Array<number>(10).fill(x));
    expect(effectiveSampleSize([sticky(), sticky()])).toBeLessThan(400);
  });
});

describe("slice sampling", () => {
  it("leaves its density invariant: iterated, it samples a skewed density with the right moments", () => {
    const r = createRandom(4);
    // log X for X ~ Gamma(3, 1): density ∝ exp(3x − eˣ), mean ψ(3) = 0.9228, variance ψ'(3) = 0.3949.
    const logDensity = (x: number) => 3 * x - Math.exp(x);
    let x = 5;
    const xs: number[] = [];
    for (let i = 0; i < 40_000; i++) xs.push((x = sliceStep(r, logDensity, x)));
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const v = xs.reduce((s, u) => s + (u - m) ** 2, 0) / xs.length;
    expect(m).toBeCloseTo(0.9228, 1);
    expect(v).toBeCloseTo(0.3949, 1);
  });
});
