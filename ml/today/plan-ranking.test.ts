import { describe, expect, it } from "vitest";
import { hourAffinity, learnHabits, type LocalActivity } from "./habits.ts";
import { rankPlan, type PlanCandidate } from "./plan-ranking.ts";

const item = (id: string, module: string, over: Partial<PlanCandidate> = {}): PlanCandidate => ({
  id,
  module,
  urgency: "normal",
  value: 0.5,
  doneToday: false,
  ...over,
});
const none = { hour: 12, goals: new Map(), habits: new Map() };

function mornings(module: string, days: number, hour: number): LocalActivity[] {
  return Array.from({ length: days }, (_, i) => ({
    module,
    day: `2026-11-${String(i + 1).padStart(2, "0")}`,
    hour,
  }));
}

describe("rankPlan", () => {
  it("puts at-risk before due before everything else, whatever the scores", () => {
    const { todo } = rankPlan(
      [
        item("pick", "library", { value: 1 }),
        item("reviews", "learn", { urgency: "due", value: 0 }),
        item("streak", "learn", { urgency: "at-risk", value: 0 }),
      ],
      { ...none, goals: new Map([["library", { dailyMinutes: 60, minutesToday: 0 }]]) },
    );
    expect(todo.map((r) => r.candidate.id)).toEqual(["streak", "reviews", "pick"]);
    expect(todo[0]!.reasons).toContainEqual({ kind: "at-risk" });
  });

  it("moves items done today to the done list", () => {
    const { todo, done } = rankPlan([item("a", "typing", { doneToday: true }), item("b", "climb")], none);
    expect(todo.map((r) => r.candidate.id)).toEqual(["b"]);
    expect(done.map((r) => r.candidate.id)).toEqual(["a"]);
  });

  it("lifts a module under its daily goal, less as the goal fills, and names the goal", () => {
    const plan = (minutesToday: number) =>
      rankPlan([item("typing", "typing", { value: 0.2 }), item("climb", "climb", { value: 0.6 })], {
        ...none,
        goals: new Map([["typing", { dailyMinutes: 10, minutesToday }]]),
      }).todo;
    expect(plan(0)[0]!.candidate.id).toBe("typing");
    expect(plan(0)[0]!.reasons).toContainEqual({ kind: "goal", dailyMinutes: 10, minutesToday: 0 });
    expect(plan(8)[0]!.candidate.id).toBe("climb");
    expect(plan(10).find((r) => r.candidate.id === "typing")!.reasons).toEqual([]);
  });

  it("follows habits: the module practised at this hour comes first at that hour, not at another", () => {
    const habits = learnHabits([...mornings("typing", 10, 7), ...mornings("learn", 10, 20)], 28);
    const candidates = [item("typing", "typing"), item("learn", "learn")];
    expect(rankPlan(candidates, { ...none, hour: 7, habits }).todo[0]!.candidate.id).toBe("typing");
    expect(rankPlan(candidates, { ...none, hour: 19, habits }).todo[0]!.candidate.id).toBe("learn");
    const atSeven = rankPlan(candidates, { ...none, hour: 7, habits }).todo[0]!;
    expect(atSeven.reasons.map((r) => r.kind)).toEqual(["habit-days", "habit-hour"]);
  });

  it("prefers a regular module over an occasional one at a neutral hour", () => {
    const habits = learnHabits([...mornings("climb", 12, 18), ...mornings("stories", 2, 18)], 28);
    const { todo } = rankPlan([item("stories", "stories"), item("climb", "climb")], {
      ...none,
      hour: 3,
      habits,
    });
    expect(todo[0]!.candidate.id).toBe("climb");
  });

  it("does not call one or two sessions a habit", () => {
    const habits = learnHabits(mornings("typing", 2, 9), 7);
    const [typing] = rankPlan([item("typing", "typing")], { ...none, hour: 9, habits }).todo;
    expect(typing!.reasons).toEqual([]);
    expect(typing!.score).toBe(0.5);
  });

  it("treats a bad value as zero rather than letting NaN poison the order", () => {
    const { todo } = rankPlan(
      [item("nan", "x", { value: Number.NaN }), item("ok", "y", { value: 0.1 })],
      none,
    );
    expect(todo.map((r) => r.candidate.id)).toEqual(["ok", "nan"]);
  });
});

describe("habits", () => {
  it("counts active days and spreads hours to the neighbours", () => {
    const h = learnHabits(mornings("typing", 7, 7), 28).get("typing")!;
    expect(h.activeDays).toBe(7);
    expect(h.dayShare).toBeCloseTo(0.25);
    expect(h.hourShare.reduce((s, x) => s + x, 0)).toBeCloseTo(1);
    expect(h.hourShare[7]!).toBeGreaterThan(h.hourShare[8]!);
    expect(h.hourShare[8]!).toBeGreaterThan(h.hourShare[12]!);
  });

  it("is uniform (affinity 1) without history and barely moved by one observation", () => {
    expect(hourAffinity(undefined, 5)).toBe(1);
    const one = learnHabits([{ module: "m", day: "2026-11-01", hour: 9 }], 28).get("m")!;
    expect(hourAffinity(one, 9)).toBeLessThan(2);
    expect(hourAffinity(one, 9)).toBeGreaterThan(1);
  });
});
