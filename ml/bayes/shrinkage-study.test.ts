import { describe, expect, it } from "vitest";
import type { Random } from "../random";
import { runShrinkageStudy, type ShrinkageStudyConfig } from "./shrinkage-study";

/** Two "types" with their own intercepts and one shared slope: like the climb design, n < p is possible. */
const drawRow = (r: Random) => {
  const first = r.next() < 0.5;
  return { x: [first ? 1 : 0, first ? 0 : 1, r.normal()] };
};

const diag = (v: number[]) => v.map((a, i) => v.map((_, j) => (i === j ? a : 0)));

const config: ShrinkageStudyConfig = {
  truth: { mean: [6, 5, 0.8], covariance: diag([0.6, 0.6, 0.1]), noiseSd: 1 },
  drawRow,
  sessionCounts: [2, 4, 30],
  groupsPerCount: 25,
  heldOutSessions: 10,
  prior: { mean: [5, 5, 0], meanCovariance: diag([4, 4, 4]), scale: [1.5, 1.5, 1] },
  // Deliberately off: wrong means, too little spread, too much noise.
  cachedPopulation: { mean: [5, 6, 0.3], covariance: diag([0.3, 0.3, 0.05]), noiseVariance: 2 },
  fit: { chains: 2, warmup: 500, draws: 500 },
  seed: 7,
};

describe("shrinkage study", () => {
  const study = runShrinkageStudy(config);
  const bySessions = (n: number | "all") => study.rows.find((row) => row.sessions === n)!;

  it("reports each session count and an overall row", () => {
    expect(study.rows.map((row) => [row.sessions, row.groups])).toEqual([
      [2, 25],
      [4, 25],
      [30, 25],
      ["all", 75],
    ]);
    expect(study.fit.maxRhat).toBeLessThan(1.1);
  });

  it("partial pooling beats each group's own least squares with little data, and pooling everyone overall", () => {
    for (const n of [2, 4]) {
      const row = bySessions(n);
      expect(row.coefficientRmse.hierarchical).toBeLessThan(0.7 * row.coefficientRmse.perGroupLs);
      expect(row.predictionRmse.hierarchical).toBeLessThan(0.7 * row.predictionRmse.perGroupLs);
      expect(row.predictionRmse.quickUpdate).toBeLessThan(row.predictionRmse.perGroupLs);
    }
    const all = bySessions("all");
    expect(all.coefficientRmse.hierarchical).toBeLessThan(0.8 * all.coefficientRmse.pooledLs);
    expect(all.predictionRmse.hierarchical).toBeLessThan(0.8 * all.predictionRmse.pooledLs);
    // With plenty of data everyone's own fit is good, and the hierarchical fit is about as good.
    const many = bySessions(30);
    expect(many.predictionRmse.perGroupLs).toBeLessThan(many.predictionRmse.pooledLs);
    expect(many.predictionRmse.hierarchical).toBeLessThan(1.1 * many.predictionRmse.perGroupLs);
    // The full fit learns the population; the quick update is stuck with the wrong cached one.
    expect(all.coefficientRmse.hierarchical).toBeLessThan(all.coefficientRmse.quickUpdate);
    // Started from the population the fit estimated, the quick update nearly matches the full fit.
    expect(all.coefficientRmse.quickFromFit).toBeLessThan(1.1 * all.coefficientRmse.hierarchical);
    expect(all.coefficientRmse.quickFromFit).toBeLessThan(all.coefficientRmse.quickUpdate);
  });

  it("is deterministic for a seed", () => {
    expect(runShrinkageStudy(config)).toEqual(study);
    expect(runShrinkageStudy({ ...config, seed: 8 }).rows).not.toEqual(study.rows);
  });
});
