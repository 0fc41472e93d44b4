import { z } from "zod";
import { isTimeZone } from "../../lib/time-zones.ts";
import { BOULDER_SCALES, ROUTE_SCALES } from "./grades.ts";
import { validConditionSchema } from "./rule-conditions.ts";
import { MODELLED_TYPES, READINESS_RANGES, SESSION_TYPES, type ReadinessField } from "./session-types.ts";

/** Input boundaries of the climb module: the JSON API and the forms (after formValues) share them. */

const numberError = {
  error: (i: { input?: unknown }) =>
    i.input === undefined || i.input === "" ? "Required" : "Must be a number",
};
const rangeNumber = (field: ReadinessField) => {
  const r = READINESS_RANGES[field];
  return z
    .number(numberError)
    .min(r.min, `Must be between ${r.min} and ${r.max}`)
    .max(r.max, `Must be between ${r.min} and ${r.max}`)
    .refine((v) => r.step !== 1 || Number.isInteger(v), "Must be a whole number");
};

/** Readiness before a session: sleep, energy and stress are required; the rest default to a typical day. */
export const readinessShape = {
  sleep_hours: rangeNumber("sleep_hours"),
  energy_level: rangeNumber("energy_level"),
  stress_level: rangeNumber("stress_level"),
  soreness: rangeNumber("soreness").optional(),
  motivation: rangeNumber("motivation").optional(),
  finger_pain: rangeNumber("finger_pain").optional(),
};
export const readinessSchema = z.strictObject(readinessShape);
export type ReadinessInput = z.output<typeof readinessSchema>;

const sessionType = z.enum(SESSION_TYPES, {
  error: (i) => `Unknown session type ${JSON.stringify(i.input)}; use one of ${SESSION_TYPES.join(", ")}`,
});
const modelledType = z.enum(MODELLED_TYPES, {
  error: (i) => `Unknown session type ${JSON.stringify(i.input)}; use one of ${MODELLED_TYPES.join(", ")}`,
});

export const exerciseSchema = z.strictObject({
  name: z.string().trim().min(1, "Name the exercise").max(120),
  sets: z.number().int().min(1).max(100).optional(),
  reps: z.number().int().min(1).max(1000).optional(),
  grade: z.string().trim().max(20).optional(),
  notes: z.string().trim().max(300).optional(),
});

const duration = z
  .number(numberError)
  .int("Whole minutes")
  .min(5, "At least 5 minutes")
  .max(600, "At most 600 minutes");
const intensity = z.number(numberError).int("A whole number").min(1, "RPE 1–10").max(10, "RPE 1–10");
const quality = z.number(numberError).int("A whole number").min(1, "Rate 1–10").max(10, "Rate 1–10");

/** What happened, for logging a finished session (either directly or by completing a plan). */
export const actualShape = {
  actual_session_type: sessionType.optional(),
  actual_duration_min: duration.optional(),
  actual_intensity: intensity,
  actual_exercises: z.array(exerciseSchema).max(40).optional(),
  session_quality: quality,
  ended_at: z.iso.datetime({ offset: true, error: "An ISO 8601 date-time with a zone" }),
  deviated_from_plan: z.boolean().optional(),
  notes: z.string().trim().max(2000).optional(),
};

const endAfterStart = (
  v: { started_at?: string | undefined; ended_at?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (v.started_at && v.ended_at && Date.parse(v.ended_at) <= Date.parse(v.started_at)) {
    ctx.addIssue({ code: "custom", path: ["ended_at"], message: "The session must end after it starts" });
  }
};

/**
 * A new session: a plan (readiness, type, duration, intensity, exercises) and, when `session_quality` is
 * given, what happened too — a session logged after the fact in one step.
 */
export const sessionCreateSchema = z
  .strictObject({
    ...readinessShape,
    session_type: sessionType,
    planned_duration_min: duration,
    planned_intensity: intensity,
    planned_exercises: z.array(exerciseSchema).max(40).default([]),
    started_at: z.iso.datetime({ offset: true, error: "An ISO 8601 date-time with a zone" }).optional(),
    recommendation: z
      .strictObject({
        session_type: sessionType,
        predicted_quality: z.number().min(-10).max(20).nullable(),
        phase: z.enum(["cold_start", "learning", "personalized"]),
        rule: z.string().max(120).nullable(),
      })
      .optional(),
    actual_session_type: actualShape.actual_session_type,
    actual_duration_min: actualShape.actual_duration_min,
    actual_intensity: intensity.optional(),
    actual_exercises: actualShape.actual_exercises,
    session_quality: quality.optional(),
    ended_at: actualShape.ended_at.optional(),
    deviated_from_plan: actualShape.deviated_from_plan,
    notes: actualShape.notes,
  })
  .superRefine((v, ctx) => {
    endAfterStart(v, ctx);
    const logged = v.session_quality !== undefined;
    const actuals = (
      [
        "actual_session_type",
        "actual_duration_min",
        "actual_intensity",
        "actual_exercises",
        "ended_at",
        "deviated_from_plan",
      ] as const
    ).filter((k) => v[k] !== undefined);
    if (!logged && actuals.length)
      ctx.addIssue({
        code: "custom",
        path: ["session_quality"],
        message: `Required with ${actuals.join(", ")}: rate the session to log it, or leave those out to plan it`,
      });
    if (logged) {
      if (v.actual_intensity === undefined)
        ctx.addIssue({ code: "custom", path: ["actual_intensity"], message: "Required to log a session" });
      if (v.ended_at === undefined)
        ctx.addIssue({ code: "custom", path: ["ended_at"], message: "Required to log a session" });
    }
  });
export type SessionCreateInput = z.output<typeof sessionCreateSchema>;

export const sessionCompleteSchema = z
  .strictObject({ ...actualShape, started_at: z.iso.datetime({ offset: true }).optional() })
  .superRefine(endAfterStart);
export type SessionCompleteInput = z.output<typeof sessionCompleteSchema>;

export const sessionParamsSchema = z.object({ id: z.uuid() });
export const sessionListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  user_id: z.uuid().optional(),
});

export const GOALS = [
  "harder_boulders",
  "harder_routes",
  "finger_strength",
  "endurance",
  "technique",
  "stay_injury_free",
  "consistency",
] as const;
export const INJURY_AREAS = [
  "fingers",
  "wrist",
  "elbow",
  "shoulder",
  "back",
  "knee",
  "ankle",
  "other",
] as const;
export const INJURY_STATUSES = ["active", "recovering", "healed"] as const;

export const baselineSchema = z.strictObject({
  experience_years: z.number().min(0, "0–80 years").max(80, "0–80 years"),
  boulder_scale: z.enum(BOULDER_SCALES).default("v"),
  max_boulder_grade: z.string().trim().min(1).max(10).nullable().default(null),
  route_scale: z.enum(ROUTE_SCALES).default("french"),
  max_route_grade: z.string().trim().min(1).max(10).nullable().default(null),
  goals: z.array(z.enum(GOALS)).max(GOALS.length).default([]),
  injuries: z
    .array(
      z.strictObject({
        area: z.enum(INJURY_AREAS),
        status: z.enum(INJURY_STATUSES),
        note: z.string().trim().max(300).default(""),
      }),
    )
    .max(10)
    .default([]),
  days_per_week: z.number().int().min(1, "1–7 days").max(7, "1–7 days"),
  minutes_per_session: z.number().int().min(15, "15–480 minutes").max(480, "15–480 minutes"),
  timezone: z.string().trim().min(1).max(64).refine(isTimeZone, "Not an IANA time zone").default("UTC"),
});
export type BaselineInput = z.output<typeof baselineSchema>;

export const recommendationRequestSchema = z.strictObject({
  ...readinessShape,
  /** Admins may ask for another climber; everyone else only for themselves. */
  user_id: z.uuid().optional(),
  /** Minutes available today; defaults to the baseline's minutes per session. */
  minutes_available: z.number().int().min(15).max(480).optional(),
});
export type RecommendationRequest = z.output<typeof recommendationRequestSchema>;

export const ruleSchema = z
  .strictObject({
    name: z.string().trim().min(1, "Name the rule").max(120),
    condition: validConditionSchema,
    action: z.enum(["override", "constraint"], { error: "action must be override or constraint" }),
    session_type: sessionType.nullable().default(null),
    excluded_types: z.array(modelledType).max(MODELLED_TYPES.length).default([]),
    message: z.string().trim().min(1, "Say what the climber should read").max(500),
    priority: z.number().int().min(0).max(10_000).default(100),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    if (r.action === "override" && !r.session_type)
      ctx.addIssue({
        code: "custom",
        path: ["session_type"],
        message: "An override names the session type it advises",
      });
    if (r.action === "constraint" && r.excluded_types.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["excluded_types"],
        message: "A constraint rules out at least one session type",
      });
  });
export type RuleInput = z.output<typeof ruleSchema>;
export const ruleParamsSchema = z.object({ id: z.uuid() });
