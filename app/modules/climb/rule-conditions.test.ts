import { describe, expect, it } from "vitest";
import {
  describeCondition,
  evaluateCondition,
  validConditionSchema,
  type Condition,
} from "./rule-conditions.ts";

const parse = (c: unknown) => validConditionSchema.safeParse(c);
const messages = (c: unknown) => {
  const r = parse(c);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("rule conditions", () => {
  it("evaluates comparisons, all, any and not; a missing fact is false", () => {
    const c: Condition = {
      all: [
        { field: "finger_pain", op: "gte", value: 2 },
        {
          any: [
            { field: "sleep_hours", op: "lt", value: 6 },
            { not: { field: "energy_level", op: "gt", value: 2 } },
          ],
        },
      ],
    };
    expect(evaluateCondition(c, { finger_pain: 3, sleep_hours: 5 })).toBe(true);
    expect(evaluateCondition(c, { finger_pain: 3, sleep_hours: 8, energy_level: 4 })).toBe(false);
    expect(evaluateCondition(c, { finger_pain: 3, sleep_hours: 8, energy_level: 2 })).toBe(true);
    expect(evaluateCondition(c, { finger_pain: 1, sleep_hours: 5 })).toBe(false);
    expect(evaluateCondition({ field: "soreness", op: "lt", value: 3 }, {})).toBe(false);
    expect(evaluateCondition({ field: "soreness", op: "neq", value: 3 }, { soreness: 2 })).toBe(true);
    expect(evaluateCondition({ field: "soreness", op: "eq", value: 3 }, { soreness: 3 })).toBe(true);
    expect(evaluateCondition({ field: "soreness", op: "lte", value: 3 }, { soreness: 4 })).toBe(false);
    expect(evaluateCondition({ field: "soreness", op: "gt", value: 3 }, { soreness: 4 })).toBe(true);
  });

  it("accepts every history field and renders conditions for people", () => {
    expect(parse({ field: "consecutive_hard_days", op: "gte", value: 3 }).success).toBe(true);
    expect(
      describeCondition({
        all: [
          { field: "finger_pain", op: "gte", value: 5 },
          {
            any: [
              { field: "sleep_hours", op: "lt", value: 5 },
              { field: "stress_level", op: "eq", value: 5 },
            ],
          },
        ],
      }),
    ).toBe("finger_pain ≥ 5 and (sleep_hours < 5 or stress_level = 5)");
  });

  it("refuses invalid conditions with a message naming the problem", () => {
    expect(messages({ field: "finger_pain", op: "gte", value: 12 })).toEqual([
      "value: 12 is outside finger_pain's range 0–10",
    ]);
    expect(messages({ field: "shoe_size", op: "gt", value: 40 }).join()).toMatch(/Unknown field "shoe_size"/);
    expect(messages({ field: "sleep_hours", op: "~", value: 4 }).join()).toMatch(/Unknown operator "~"/);
    expect(messages({ field: "sleep_hours", op: "lt", value: "4" }).join()).toMatch(/value must be a number/);
    expect(messages({ all: [] }).join()).toMatch(/all needs at least one condition/);
    expect(messages({ field: "sleep_hours", op: "lt", value: 4, extra: 1 }).join()).toMatch(/extra/);
    expect(messages("sleep < 4").join()).toMatch(/A condition is/);
    let deep: Condition = { field: "sleep_hours", op: "lt", value: 4 };
    for (let i = 0; i < 6; i++) deep = { not: deep };
    expect(messages(deep).join()).toMatch(/at most 5 deep/);
  });
});

describe("hostile conditions", () => {
  it("refuses thousands of nested nots with a clear message instead of overflowing the stack", () => {
    let deep: unknown = { field: "sleep_hours", op: "lt", value: 4 };
    for (let i = 0; i < 5_000; i++) deep = { not: deep };
    const result = validConditionSchema.safeParse(deep);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(["Nest conditions at most 5 deep"]);
  });
});
