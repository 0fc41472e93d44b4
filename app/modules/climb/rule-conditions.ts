import { z } from "zod";
import { READINESS_FIELDS, READINESS_RANGES, type ReadinessField } from "./session-types.ts";

/**
 * The rule condition language: a small tree of comparisons over today's readiness and the climber's recent
 * history, joined by all/any/not. Stored as JSON in climb_rules.condition and validated here at save, so a
 * rule that would never evaluate cleanly (unknown field, value outside the field's range) is refused with a
 * message naming the bad part. Evaluation is a plain walk: no code is ever evaluated from the database.
 */
export const HISTORY_FIELDS = {
  consecutive_hard_days: {
    min: 0,
    max: 60,
    label: "Consecutive days with a hard session, up to today",
  },
  hard_sessions_last_7_days: { min: 0, max: 50, label: "Hard sessions in the last 7 days" },
  sessions_last_7_days: { min: 0, max: 50, label: "Sessions in the last 7 days" },
  days_since_last_session: { min: 0, max: 3650, label: "Days since the last session" },
  acute_chronic_load_ratio: {
    min: 0,
    max: 10,
    label: "Load of the last 7 days over the weekly average of the last 28 (ACWR)",
  },
  active_finger_injury: { min: 0, max: 1, label: "1 when the baseline lists an active finger injury" },
  experience_years: { min: 0, max: 80, label: "Years of climbing (from the baseline)" },
} as const;
export type HistoryField = keyof typeof HISTORY_FIELDS;

export type ConditionField = ReadinessField | HistoryField;
export const CONDITION_FIELDS = [
  ...READINESS_FIELDS,
  ...(Object.keys(HISTORY_FIELDS) as HistoryField[]),
] as ConditionField[];

export function fieldRange(field: ConditionField): { min: number; max: number; label: string } {
  return field in HISTORY_FIELDS
    ? HISTORY_FIELDS[field as HistoryField]
    : READINESS_RANGES[field as ReadinessField];
}

export const OPERATORS = { lt: "<", lte: "≤", gt: ">", gte: "≥", eq: "=", neq: "≠" } as const;
export type Operator = keyof typeof OPERATORS;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: ConditionField; op: Operator; value: number };

const comparisonSchema = z
  .strictObject({
    field: z.enum(CONDITION_FIELDS as [ConditionField, ...ConditionField[]], {
      error: (issue) =>
        `Unknown field ${JSON.stringify(issue.input)}; use one of ${CONDITION_FIELDS.join(", ")}`,
    }),
    op: z.enum(Object.keys(OPERATORS) as [Operator, ...Operator[]], {
      error: (issue) => `Unknown operator ${JSON.stringify(issue.input)}; use lt, lte, gt, gte, eq or neq`,
    }),
    value: z.number({ error: "value must be a number" }).finite(),
  })
  .superRefine((c, ctx) => {
    const range = fieldRange(c.field);
    if (c.value < range.min || c.value > range.max) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `${c.value} is outside ${c.field}'s range ${range.min}–${range.max}`,
      });
    }
  });

const MAX_DEPTH = 5;
const SHAPE_MESSAGE =
  'A condition is {"field", "op", "value"} or {"all": [...]}, {"any": [...]} or {"not": {...}}';
const groupSchemas = {
  all: z.lazy(() =>
    z.strictObject({ all: z.array(conditionSchema).min(1, "all needs at least one condition").max(20) }),
  ),
  any: z.lazy(() =>
    z.strictObject({ any: z.array(conditionSchema).min(1, "any needs at least one condition").max(20) }),
  ),
  not: z.lazy(() => z.strictObject({ not: conditionSchema })),
};

/** Whether all/any/not nest deeper than `limit`, found without recursion (a hostile body cannot overflow the stack). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 1; level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const node of level) {
      if (!node || typeof node !== "object") continue;
      const n = node as Record<string, unknown>;
      const children = Array.isArray(n.all)
        ? n.all
        : Array.isArray(n.any)
          ? n.any
          : "not" in n
            ? [n.not]
            : [];
      if (children.length && depth >= limit) return true;
      next.push(...children.slice(0, 20));
    }
    level = next;
  }
  return false;
}

/**
 * Picks the branch by its key before parsing (a plain union would answer "no option matched" instead of
 * naming the unknown field or operator), then forwards that branch's issues with their paths.
 */
export const conditionSchema: z.ZodType<Condition, unknown> = z
  .unknown()
  .transform((value, ctx): Condition => {
    if (nestedDeeperThan(value, MAX_DEPTH)) {
      ctx.addIssue({ code: "custom", message: `Nest conditions at most ${MAX_DEPTH} deep` });
      return z.NEVER;
    }
    const key =
      value && typeof value === "object" && !Array.isArray(value)
        ? (["all", "any", "not", "field"] as const).find((k) => k in value)
        : undefined;
    if (!key) {
      ctx.addIssue({ code: "custom", message: SHAPE_MESSAGE });
      return z.NEVER;
    }
    const result = (key === "field" ? comparisonSchema : groupSchemas[key]).safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return result.data as Condition;
  })
  .describe(
    'A condition tree: {"field", "op": lt|lte|gt|gte|eq|neq, "value"} over a readiness or history field, or {"all": [...]}, {"any": [...]}, {"not": {...}}',
  );

/** Validates a stored or submitted condition; errors name the bad part (its path inside the tree). */
export const validConditionSchema = conditionSchema;

export type Facts = Partial<Record<ConditionField, number>>;

/** True when the facts meet the condition; a comparison on a fact that is missing today is false. */
export function evaluateCondition(c: Condition, facts: Facts): boolean {
  if ("all" in c) return c.all.every((x) => evaluateCondition(x, facts));
  if ("any" in c) return c.any.some((x) => evaluateCondition(x, facts));
  if ("not" in c) return !evaluateCondition(c.not, facts);
  const v = facts[c.field];
  if (v === undefined) return false;
  switch (c.op) {
    case "lt":
      return v < c.value;
    case "lte":
      return v <= c.value;
    case "gt":
      return v > c.value;
    case "gte":
      return v >= c.value;
    case "eq":
      return v === c.value;
    case "neq":
      return v !== c.value;
  }
}

/** "finger_pain ≥ 5 and sleep_hours < 5": how the UI shows a condition. */
export function describeCondition(c: Condition): string {
  const group = (parts: Condition[], joiner: string) =>
    parts
      .map((p) => ("all" in p || "any" in p ? `(${describeCondition(p)})` : describeCondition(p)))
      .join(joiner);
  if ("all" in c) return group(c.all, " and ");
  if ("any" in c) return group(c.any, " or ");
  if ("not" in c) return `not (${describeCondition(c.not)})`;
  return `${c.field} ${OPERATORS[c.op]} ${c.value}`;
}
