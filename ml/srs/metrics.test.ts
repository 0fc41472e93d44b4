import { describe, expect, it } from "vitest";
import { auc, logLoss, rmseBins, type Prediction } from "./metrics";

const pred = (p: number, y: 0 | 1, deltaT = 1, reviewNumber = 2, lapses = 0): Prediction => ({
  p,
  y,
  deltaT,
  reviewNumber,
  lapses,
});

describe("memory-model metrics", () => {
  it("log loss is the mean negative log likelihood", () => {
    expect(logLoss([pred(0.5, 1), pred(0.5, 0)])).toBeCloseTo(Math.log(2), 10);
    expect(logLoss([pred(0.9, 1), pred(0.2, 0)])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 10);
    // A confident wrong prediction is clipped, not infinite.
    expect(Number.isFinite(logLoss([pred(1, 0)]))).toBe(true);
  });

  it("AUC ranks forgotten below recalled, with ties counting half", () => {
    expect(auc([pred(0.9, 1), pred(0.8, 1), pred(0.3, 0)])).toBe(1);
    expect(auc([pred(0.2, 1), pred(0.8, 0)])).toBe(0);
    expect(auc([pred(0.5, 1), pred(0.5, 0)])).toBe(0.5);
    // Two positives, two negatives: pairs (0.9>0.4, 0.9>0.6, 0.5>0.4, 0.5<0.6) → 3 of 4.
    expect(auc([pred(0.9, 1), pred(0.5, 1), pred(0.4, 0), pred(0.6, 0)])).toBe(0.75);
    expect(auc([pred(0.5, 1), pred(0.7, 1)])).toBeNull();
  });

  it("RMSE(bins) compares mean prediction with recall rate inside each bin, weighted by size", () => {
    // One bin, perfectly calibrated on average.
    expect(rmseBins([pred(0.5, 1), pred(0.5, 0)])).toBe(0);
    // Two bins (interval 1 day vs 30 days): gaps 0.1 (2 reviews) and 0.5 (1 review).
    const preds = [pred(0.6, 1, 1), pred(0.4, 0, 1), pred(0.5, 0, 30)];
    const gapA = 0.5 - 0.5; // bin 1: mean p 0.5, recall 0.5
    const gapB = 0.5 - 0; // bin 2
    expect(rmseBins(preds)).toBeCloseTo(Math.sqrt((2 * gapA ** 2 + 1 * gapB ** 2) / 3), 10);
    // Lapses split bins too: same interval and review number, lapse 0 vs 1.
    expect(rmseBins([pred(0.9, 1, 1, 2, 0), pred(0.9, 0, 1, 2, 1)])).toBeCloseTo(
      Math.sqrt((0.01 + 0.81) / 2),
      10,
    );
  });
});
