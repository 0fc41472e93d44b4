import { describe, expect, it } from "vitest";
import { predictTypes, readinessContributions } from "./predictions.ts";
import { priorPopulation, TYPE_INTERCEPTS } from "./priors.ts";

const population = () => {
  const p = priorPopulation();
  return { coefficients: p.mean, covariance: p.covariance };
};
const typical = { sleep_hours: 7.5, energy_level: 3, stress_level: 2 };

describe("predictTypes", () => {
  it("predicts each type's intercept at reference readiness, with a 90% interval", () => {
    const preds = predictTypes(population(), typical, ["limit_bouldering", "technique"]);
    const limit = preds.find((p) => p.sessionType === "limit_bouldering")!;
    expect(limit.mean).toBeCloseTo(TYPE_INTERCEPTS.limit_bouldering, 10);
    // Prior between-climber sd of an intercept is 1.2: the interval is ±1.645·1.2.
    expect(limit.upper - limit.lower).toBeCloseTo(2 * 1.6448536 * 1.2, 4);
    // Ruled-out types never win; the allowed ones share the probability.
    expect(preds.find((p) => p.sessionType === "hangboard")!.probabilityBest).toBe(0);
    const total = preds.reduce((s, p) => s + p.probabilityBest, 0);
    expect(total).toBeCloseTo(1, 10);
  });

  it("moves hard sessions more than technique when readiness is poor", () => {
    const tired = { sleep_hours: 5, energy_level: 1, stress_level: 5, soreness: 4 };
    const preds = predictTypes(population(), tired, [
      "limit_bouldering",
      "power_endurance",
      "volume",
      "technique",
      "hangboard",
    ]);
    const drop = (t: string) =>
      TYPE_INTERCEPTS[t as keyof typeof TYPE_INTERCEPTS] - preds.find((p) => p.sessionType === t)!.mean;
    expect(drop("limit_bouldering")).toBeGreaterThan(drop("volume"));
    expect(drop("volume")).toBeGreaterThan(drop("technique"));
    expect(drop("technique")).toBeGreaterThan(0);
    const best = [...preds].sort((a, b) => b.mean - a.mean)[0]!;
    expect(best.sessionType).toBe("technique");
    expect(best.probabilityBest).toBeGreaterThan(0.5);
  });

  it("explains a prediction by its largest readiness effects", () => {
    const why = readinessContributions(population(), "limit_bouldering", {
      sleep_hours: 4.5,
      energy_level: 4,
      stress_level: 2,
    });
    expect(why[0]).toMatchObject({ field: "sleep_hours" });
    expect(why[0]!.points).toBeCloseTo(-3 * 0.35, 10);
    expect(why.map((w) => w.field)).toEqual(["sleep_hours", "energy_level"]);
  });
});
