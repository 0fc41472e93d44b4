import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { effectiveSampleSize, splitRhat } from "./diagnostics";
import { gamma, inverseWishart, multivariateNormal } from "./variates";

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
    const cov = new Matrix([
      [2, 0.8],
      [0.8, 1],
    ]);
    const xs = Array.from({ length: 20_000 }, () => multivariateNormal(r, [1, -1], cov));
    const mx = xs.reduce((s, x) => s + x[0]!, 0) / xs.length;
    const cxy = xs.reduce((s, x) => s + (x[0]! - 1) * (x[1]! + 1), 0) / xs.length;
    expect(mx).toBeCloseTo(1, 1);
    expect(cxy).toBeCloseTo(0.8, 1);
    // E[IW(ν, Ψ)] = Ψ / (ν - p - 1)
    const psi = new Matrix([
      [6, 2],
      [2, 3],
    ]);
    const sum = Matrix.zeros(2, 2);
    for (let i = 0; i < 20_000; i++) sum.add(inverseWishart(r, 10, psi));
    expect(sum.get(0, 0) / 20_000).toBeCloseTo(6 / 7, 1);
    expect(sum.get(0, 1) / 20_000).toBeCloseTo(2 / 7, 1);
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
