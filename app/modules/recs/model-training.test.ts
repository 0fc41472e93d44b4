import { describe, expect, it } from "vitest";
import { generateSample } from "./sample-data.ts";
import { TrainingDataBuilder } from "./training-data.ts";
import {
  NotEnoughDataError,
  activationDecision,
  trainRecommender,
  type TrainingMetrics,
} from "./model-training.ts";

function sampleData(users: number, items: number, events: number) {
  const s = generateSample({ users, items, events, seed: 42, now: new Date("2026-11-01T00:00:00Z") });
  const b = new TrainingDataBuilder();
  s.events.forEach((e, i) => {
    if (e.type !== "impression")
      b.add({
        id: i + 1,
        userId: `u${e.userKey}`,
        contentId: `i${e.itemKey}`,
        eventType: e.type,
        ts: e.ts.getTime(),
      });
  });
  return b.build(
    s.items.map((it) => ({
      id: `i${it.key}`,
      type: it.type,
      tags: it.tags,
      difficulty: it.difficulty,
      createdAt: it.createdAt.getTime(),
    })),
    s.users.map((u) => ({ id: `u${u.key}`, cohort: u.cohort })),
  );
}

const metrics = (served: number, baseline: number, active?: { ndcg: number; candidate: number }) =>
  ({
    served: { ndcg: served, recall: 0 },
    baseline: { ndcg: baseline, recall: 0 },
    active: active
      ? {
          version: 3,
          subset: "unseen",
          users: 12,
          ndcg: active.ndcg,
          recall: 0,
          candidate: { ndcg: active.candidate, recall: 0 },
        }
      : null,
  }) as unknown as TrainingMetrics;

describe("recommender training", () => {
  it("turns events into positives (net signal above zero) and exclusions (finished, or skipped on balance)", () => {
    const b = new TrainingDataBuilder();
    const e = (id: number, contentId: string, eventType: string) =>
      b.add({ id, userId: "u", contentId, eventType, ts: id * 1000 });
    e(1, "a", "click");
    e(2, "a", "complete");
    e(3, "b", "click");
    e(4, "b", "skip");
    e(5, "c", "skip");
    e(6, "d", "view");
    const data = b.build([], [{ id: "u", cohort: null }]);
    expect(data.positives.map((p) => [p.itemId, p.signal, p.ts, p.eventId])).toEqual([
      ["a", 4, 1000, 2],
      ["d", 1, 6000, 6],
    ]);
    expect(data.excluded.u!.sort()).toEqual(["a", "b", "c"]);
    expect(data.cutoffEventId).toBe(6);
  });

  it("refuses data with too few users to validate on", () => {
    expect(() => trainRecommender(sampleData(15, 20, 150), null)).toThrow(NotEnoughDataError);
  });

  it("trains a model on the sample data that beats the baseline on held-out users, deterministically", () => {
    const data = sampleData(300, 120, 15_000);
    const a = trainRecommender(data, null);
    expect(a.metrics.evalUsers).toBeGreaterThanOrEqual(10);
    expect(a.metrics.trainInteractions + a.metrics.validationInteractions).toBe(data.positives.length);
    expect(a.metrics.served.ndcg).toBeGreaterThan(a.metrics.baseline.ndcg);
    expect(activationDecision(a.metrics).activate).toBe(true);
    const b = trainRecommender(data, null);
    expect(b.metrics).toEqual(a.metrics);
    // The same model retrained is no better than itself active.
    const again = trainRecommender(data, { version: 1, cutoffEventId: 0, bundle: a.bundle });
    expect(again.metrics.active).toMatchObject({ version: 1, ndcg: a.metrics.served.ndcg });
    expect(activationDecision(again.metrics).activate).toBe(false);
  }, 60_000);

  it("activates only above the baseline and above the active model", () => {
    expect(activationDecision(metrics(0.2, 0.25))).toMatchObject({ activate: false });
    expect(activationDecision(metrics(0.3, 0.25)).reason).toMatch(/beats the baseline's 0.25/);
    expect(activationDecision(metrics(0.3, 0.25, { ndcg: 0.31, candidate: 0.3 }))).toMatchObject({
      activate: false,
      reason: expect.stringMatching(/does not beat active v3's 0.31 \(unseen/),
    });
    expect(activationDecision(metrics(0.3, 0.25, { ndcg: 0.28, candidate: 0.3 })).activate).toBe(true);
  });
});
