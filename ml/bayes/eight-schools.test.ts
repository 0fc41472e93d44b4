import { describe, expect, it } from "vitest";
import { checkEightSchools, eightSchoolsExact } from "./eight-schools";

describe("eight schools", () => {
  it("has the published posterior by quadrature (μ 4.4 ± 3.3, τ 3.6 ± 3.2, θ₁ 6.2 ± 5.6)", () => {
    const exact = eightSchoolsExact();
    expect(exact.mu).toBeCloseTo(4.4, 1);
    expect(exact.muSd).toBeCloseTo(3.3, 1);
    expect(exact.tau).toBeCloseTo(3.6, 1);
    expect(exact.tauSd).toBeCloseTo(3.2, 1);
    expect(exact.theta1).toBeCloseTo(6.2, 1);
    expect(exact.theta1Sd).toBeCloseTo(5.6, 1);
  });

  it("checks the sampler's means and sds against it within Monte Carlo error", () => {
    const { rows, ok } = checkEightSchools({ chains: 4, warmup: 1000, draws: 5000, seed: 3 });
    expect(rows.map((r) => r.quantity)).toEqual([
      "mu mean",
      "mu sd",
      "tau mean",
      "tau sd",
      "theta_1 mean",
      "theta_1 sd",
    ]);
    expect(ok).toBe(true);
    for (const row of rows) {
      expect(row.absError).toBeCloseTo(Math.abs(row.fitted - row.reference), 12);
      expect(row.tolerance).toBeGreaterThan(0);
      expect(row.tolerance).toBeLessThan(0.2 * row.reference);
    }
  });
});
