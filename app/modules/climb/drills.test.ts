import { describe, expect, it } from "vitest";
import { CLIMB_DRILLS, drillHowTo, drillsNamedIn } from "./drills.ts";
import { planSession } from "./session-templates.ts";
import { MODELLED_TYPES, SESSION_TYPE_LABELS } from "./session-types.ts";

const grades = {
  maxBoulderV: 5,
  maxRouteIndex: 10,
  boulderScale: "v" as const,
  routeScale: "french" as const,
  experienceYears: 3,
};

describe("climbing drills", () => {
  it("are complete: a how-to, a session type the coach knows, difficulty 1–5, unique keys", () => {
    expect(new Set(CLIMB_DRILLS.map((d) => d.key)).size).toBe(CLIMB_DRILLS.length);
    for (const d of CLIMB_DRILLS) {
      expect(d.steps.length).toBeGreaterThanOrEqual(3);
      expect(MODELLED_TYPES).toContain(d.sessionType);
      expect(d.difficulty).toBeGreaterThanOrEqual(1);
      expect(d.difficulty).toBeLessThanOrEqual(5);
      expect(drillHowTo(d)).toContain(`Session: ${SESSION_TYPE_LABELS[d.sessionType]}`);
      // Each drill is found by its own title.
      expect(drillsNamedIn([d.title]).map((x) => x.key)).toContain(d.key);
    }
  });

  it("finds the drills a logged session names in its exercises or notes, not in its warm-up", () => {
    const named = (texts: string[]) => drillsNamedIn(texts).map((d) => d.key);
    expect(named(["Progressive warm-up: easy traverses, then problems building to moderate"])).toEqual([]);
    expect(named(["4×4s", "Linked circuits"])).toEqual(["four-by-fours"]);
    expect(named(["did some 4x4 on the cave"])).toEqual(["four-by-fours"]);
    expect(named(["Repeaters, 25 mm edge"])).toEqual(["hangboard-repeaters"]);
    expect(named(["", "Silent feet then hover hands on the slab"])).toEqual(["silent-feet", "hover-hands"]);
    expect(named(["An arc session", "30 min of ARC"])).toEqual(["arc-traversing"]);
    // The coach's own plans name drills, so following a plan counts.
    const technique = planSession("technique", 60, grades).exercises.map((e) => e.name);
    expect(named(technique)).toContain("silent-feet");
    const power = planSession("power_endurance", 60, grades).exercises.map((e) => e.name);
    expect(named(power)).toEqual(["four-by-fours"]);
  });
});
