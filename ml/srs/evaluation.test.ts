import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { evaluateModels } from "./evaluation";
import { cardHistories } from "./revlog";
import { simulateLearner } from "./simulated-learners";

/**
 * Learners whose memory follows known FSRS weights: scoring with those weights is the best any model can
 * do, so the optimiser should come close to it, beat the defaults, and SM-2 should trail.
 */
describe("evaluating memory models on simulated learners", () => {
  it.each([1, 3, 5])("optimising recovers learner %i's memory better than the defaults", async (seed) => {
    const sim = simulateLearner({ seed, days: 200, newPerDay: 10 });
    const histories = cardHistories(sim.revlog);
    const result = await evaluateModels(histories, { extra: { oracle: sim.trueWeights } });
    const row = (name: string) => result.rows.find((r) => r.model === name)!.scores;
    const optimised = row("FSRS-6 optimised");
    const fallback = row("FSRS-6 default");
    const oracle = row("oracle");
    const sm2 = row("SM-2");
    expect(optimised.n).toBeGreaterThan(1_000);
    expect(result.fittedWeights).toHaveLength(21);
    expect(optimised.logLoss).toBeLessThan(fallback.logLoss);
    expect(optimised.rmseBins).toBeLessThan(fallback.rmseBins);
    expect(optimised.logLoss - oracle.logLoss).toBeLessThan(0.01);
    for (const r of result.rows) expect(sm2.logLoss).toBeGreaterThanOrEqual(r.scores.logLoss);
    expect(row("constant (train recall rate)").auc).toBe(0.5);
  });

  it("finds nothing to gain when the learner's memory is the FSRS default", async () => {
    const sim = simulateLearner({ seed: 2, days: 150, newPerDay: 10, spread: 0 });
    expect(sim.trueWeights).toEqual([...default_w]);
    const result = await evaluateModels(cardHistories(sim.revlog));
    const [optimised, fallback] = result.rows;
    expect(Math.abs(optimised!.scores.logLoss - fallback!.scores.logLoss)).toBeLessThan(0.01);
  });
});
