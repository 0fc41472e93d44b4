import { describe, expect, it } from "vitest";
import {
  RANKING_FEATURES,
  TIME_BUCKETS,
  featureRows,
  itemStats,
  timeBucket,
  userProfile,
} from "./ranking-features.ts";

const HOUR = 3_600_000;
const at = (hour: number) => Date.UTC(2026, 0, 5, hour);

describe("ranking features", () => {
  it("counts popularity overall and per cohort, and when in the day an item is used", () => {
    const stats = itemStats(3, [
      { item: 0, ts: at(20), cohort: "a" },
      { item: 0, ts: at(21), cohort: "a" },
      { item: 0, ts: at(22), cohort: "b" },
      { item: 1, ts: at(8), cohort: "b" },
    ]);
    expect(stats.logPopularity[0]!).toBeGreaterThan(stats.logPopularity[1]!);
    expect(stats.logPopularity[1]!).toBeGreaterThan(stats.logPopularity[2]!);
    expect(stats.cohortLogPopularity.a![0]!).toBeGreaterThan(stats.cohortLogPopularity.b![0]!);
    const evening = timeBucket(at(20));
    expect(stats.timeOfDayShare[evening]!).toBeCloseTo((3 + 1) / (3 + TIME_BUCKETS));
    // An unused item has a uniform (smoothed) time-of-day share.
    expect(stats.timeOfDayShare[2 * TIME_BUCKETS]!).toBeCloseTo(1 / TIME_BUCKETS);
  });

  it("builds one row per candidate: retrieval rank, type, difficulty gap and the user's type affinity", () => {
    const stats = itemStats(2, [{ item: 0, ts: at(9), cohort: null }]);
    const user = userProfile(
      [
        { type: "video", difficulty: 2 },
        { type: "video", difficulty: 4 },
      ],
      null,
    );
    expect(user.meanDifficulty).toBe(3);
    expect(user.typeShare.video).toBeCloseTo(3 / 5);
    const now = at(9) + 10 * 24 * HOUR;
    const rows = featureRows(
      [
        { modelItem: 0, type: "video", difficulty: 5, createdAt: at(9), retrieval: 0.2 },
        { modelItem: null, type: "quiz", difficulty: 3, createdAt: now, retrieval: 0.9 },
      ],
      user,
      stats,
      now,
    );
    const F = RANKING_FEATURES.length;
    expect(rows).toHaveLength(2 * F);
    const row = (r: number, name: (typeof RANKING_FEATURES)[number]) =>
      rows[r * F + RANKING_FEATURES.indexOf(name)]!;
    expect(row(0, "retrieval rank")).toBe(1);
    expect(row(1, "retrieval rank")).toBe(0);
    expect(row(0, "type: video")).toBe(1);
    expect(row(1, "type: quiz")).toBe(1);
    expect(row(0, "difficulty gap")).toBe(2);
    expect(row(1, "difficulty gap")).toBe(0);
    expect(row(0, "user affinity for the item's type")).toBeCloseTo(3 / 5);
    expect(row(1, "user affinity for the item's type")).toBeCloseTo(1 / 5);
    expect(row(0, "item age, log days")).toBeCloseTo(Math.log1p(10));
    expect(row(1, "item age, log days")).toBe(0);
    // A new item (no statistics) is as rare as possible and has no time-of-day habit.
    expect(row(1, "item log popularity")).toBeLessThan(row(0, "item log popularity"));
    expect(row(1, "item's share of use at this time of day")).toBeCloseTo(1 / TIME_BUCKETS);
  });

  it("keeps twelve columns for other modules' types: zeros in the one-hot, their own type affinity", () => {
    const stats = itemStats(1, []);
    const history = [
      { type: "scenario", difficulty: 2 },
      { type: "scenario", difficulty: 2 },
      { type: "video", difficulty: 2 },
    ];
    const user = userProfile(history, null);
    // The old types read exactly what a model trained before the new ones saw: (count + 1) / (history + 3).
    expect(user.typeShare.video).toBeCloseTo(2 / 6);
    expect(user.typeShare.article).toBeCloseTo(1 / 6);
    expect(user.typeShare.scenario).toBeCloseTo(3 / 6);
    const rows = featureRows(
      [
        { modelItem: null, type: "scenario", difficulty: 2, createdAt: at(9), retrieval: 0.5 },
        { modelItem: null, type: "climb_drill", difficulty: 2, createdAt: at(9), retrieval: 0.4 },
      ],
      user,
      stats,
      at(9),
    );
    const F = RANKING_FEATURES.length;
    expect(F).toBe(12);
    expect(rows).toHaveLength(2 * F);
    const row = (r: number, name: (typeof RANKING_FEATURES)[number]) =>
      rows[r * F + RANKING_FEATURES.indexOf(name)]!;
    for (const r of [0, 1])
      for (const t of ["type: video", "type: article", "type: quiz"] as const) expect(row(r, t)).toBe(0);
    expect(row(0, "user affinity for the item's type")).toBeCloseTo(3 / 6);
    expect(row(1, "user affinity for the item's type")).toBeCloseTo(1 / 6);
    expect(Array.from(rows).every(Number.isFinite)).toBe(true);
  });
});
