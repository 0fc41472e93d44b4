import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import {
  baselineSchema,
  recommendationRequestSchema,
  ruleParamsSchema,
  ruleSchema,
  sessionCompleteSchema,
  sessionCreateSchema,
  sessionListQuerySchema,
  sessionParamsSchema,
} from "./schemas.ts";
import { MODELLED_TYPES, SESSION_TYPES } from "./session-types.ts";

const phase = z.enum(["cold_start", "learning", "personalized"]);
const baseline = z.object({
  experience_years: z.number(),
  boulder_scale: z.enum(["v", "font"]),
  max_boulder_grade: z.string().nullable(),
  max_boulder_v: z.number().int().nullable(),
  route_scale: z.enum(["french", "yds", "uiaa"]),
  max_route_grade: z.string().nullable(),
  max_route_french: z.string().nullable(),
  goals: z.array(z.string()),
  injuries: z.array(z.object({ area: z.string(), status: z.string(), note: z.string() })),
  days_per_week: z.number().int(),
  minutes_per_session: z.number().int(),
  timezone: z.string(),
  updated_at: z.iso.datetime(),
});
const exercise = z.object({
  name: z.string(),
  sets: z.number().optional(),
  reps: z.number().optional(),
  grade: z.string().optional(),
  notes: z.string().optional(),
});
const session = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  status: z.enum(["planned", "completed"]),
  session_type: z.enum(SESSION_TYPES),
  planned_duration_min: z.number().int(),
  planned_intensity: z.number().int(),
  planned_exercises: z.array(exercise),
  readiness: z.record(z.string(), z.number().nullable()),
  recommendation: z.unknown().nullable(),
  started_at: z.iso.datetime(),
  ended_at: z.iso.datetime().nullable(),
  actual_session_type: z.enum(SESSION_TYPES).nullable(),
  actual_duration_min: z.number().int().nullable(),
  actual_intensity: z.number().int().nullable(),
  actual_exercises: z.array(exercise).nullable(),
  session_quality: z.number().int().nullable().describe("The climber's 1–10 rating: the model's outcome"),
  deviated_from_plan: z.boolean().nullable(),
  notes: z.string(),
  created_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
});
const ruleRef = z.object({ rule: z.object({ id: z.uuid(), name: z.string() }) });
const interval = z.object({ lower: z.number(), upper: z.number() });
const contextPhase = z.object({
  user_id: z.uuid(),
  readiness: z.record(z.string(), z.number()),
  defaults_used: z.array(z.object({ field: z.string(), value: z.number() })),
  history: z.record(z.string(), z.number()),
  has_baseline: z.boolean(),
  rules_checked: z.number().int(),
});
const predictionPhase = z.object({
  phase,
  sessions_included: z.number().int(),
  model_source: z.enum(["priors", "quick", "nightly"]),
  last_trained_at: z.iso.datetime().nullable(),
  credible_level: z.number(),
  predictions: z.array(
    z.object({
      session_type: z.enum(MODELLED_TYPES),
      predicted_quality: z.number(),
      interval,
      probability_best: z.number(),
      excluded_by: z.string().nullable(),
    }),
  ),
});
const recommendationsPhase = z.object({
  recommendation: z.object({
    session_type: z.enum(SESSION_TYPES),
    label: z.string(),
    predicted_quality: z.number().nullable(),
    interval: interval.nullable(),
    duration_min: z.number().int(),
    intensity: z.number().int(),
    exercises: z.array(exercise),
    reasons: z.array(z.string()),
  }),
  alternatives: z.array(z.object({ session_type: z.enum(MODELLED_TYPES), predicted_quality: z.number() })),
  constraints: z.array(
    ruleRef.extend({ excluded_types: z.array(z.enum(MODELLED_TYPES)), message: z.string() }),
  ),
});
const statsPhase = z.object({
  quality_30d: z.object({
    mean: z.number().nullable(),
    sessions: z.number().int(),
    percentile: z.number().nullable(),
    population_median: z.number().nullable(),
    population_climbers: z.number().int(),
  }),
  trend: z.object({
    points_per_week: z.number().nullable(),
    sessions: z.number().int(),
    population_median: z.number().nullable(),
  }),
  readiness_today: z.object({
    score: z.number(),
    percentile_vs_own_history: z.number().nullable(),
    sessions_compared: z.number().int(),
  }),
  load: z.object({
    last_7_days: z.number(),
    weekly_average_28_days: z.number(),
    acute_chronic_ratio: z.number().nullable(),
  }),
});
const overridePhase = ruleRef.extend({ session_type: z.enum(SESSION_TYPES), message: z.string() });
const donePhase = z.object({ ended_early: z.boolean(), reason: z.string().nullable() });
const recommendation = z.object({
  generated_at: z.iso.datetime(),
  context: contextPhase,
  override: overridePhase.nullable(),
  prediction: predictionPhase.nullable(),
  recommendations: recommendationsPhase.nullable(),
  stats: statsPhase.nullable(),
  done: donePhase,
});
const rule = z.object({
  id: z.uuid(),
  name: z.string(),
  condition: z.unknown(),
  action: z.enum(["override", "constraint"]),
  session_type: z.enum(SESSION_TYPES).nullable(),
  excluded_types: z.array(z.enum(MODELLED_TYPES)),
  message: z.string(),
  priority: z.number().int(),
  enabled: z.boolean(),
  updated_at: z.iso.datetime(),
});
const cacheStatus = z.object({
  loaded_at: z.iso.datetime().nullable(),
  expires_at: z.iso.datetime().nullable(),
  ttl_seconds: z.number().int(),
  loads: z.number().int(),
});

export const climbEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/v1/climb/baseline",
    summary: "My baseline assessment (404 until I save one)",
    tag: "climb",
    auth: "user",
    responses: { 200: { description: "Baseline", schema: baseline } },
  },
  {
    method: "put",
    path: "/api/v1/climb/baseline",
    summary: "Save my baseline: experience, max grades (any scale), goals, injuries, weekly availability",
    tag: "climb",
    auth: "user",
    body: baselineSchema,
    responses: { 200: { description: "Saved, grades normalised", schema: baseline } },
  },
  {
    method: "get",
    path: "/api/v1/climb/sessions",
    summary: "My climbing sessions, newest first (admins: anyone's with user_id)",
    tag: "climb",
    auth: "user",
    query: sessionListQuerySchema,
    responses: { 200: { description: "Sessions", schema: z.object({ sessions: z.array(session) }) } },
  },
  {
    method: "post",
    path: "/api/v1/climb/sessions",
    summary: "Plan a session (with today's readiness), or log a finished one in one step",
    description:
      "Without session_quality the session is planned; with session_quality, actual_intensity and ended_at it is " +
      "logged as completed (actual_* default to the plan). Completing a session queues climb.train-user.",
    tag: "climb",
    auth: "user",
    body: sessionCreateSchema,
    responses: { 201: { description: "Created", schema: session } },
  },
  {
    method: "get",
    path: "/api/v1/climb/sessions/{id}",
    summary: "One session (403 if it is another climber's)",
    tag: "climb",
    auth: "user",
    params: sessionParamsSchema,
    responses: { 200: { description: "Session", schema: session } },
  },
  {
    method: "post",
    path: "/api/v1/climb/sessions/{id}/complete",
    summary: "Log what happened in a planned session: actuals, quality, end time",
    tag: "climb",
    auth: "user",
    params: sessionParamsSchema,
    body: sessionCompleteSchema,
    responses: { 200: { description: "Completed", schema: session }, 409: { description: "Already logged" } },
  },
  {
    method: "get",
    path: "/api/v1/climb/model",
    summary:
      "My session-quality model: phase, named coefficients with sd, and the population they shrink toward",
    tag: "climb",
    auth: "user",
    query: sessionListQuerySchema.pick({ user_id: true }),
    responses: {
      200: {
        description: "Model",
        schema: z.object({
          user_id: z.uuid(),
          phase,
          sessions_included: z.number().int(),
          source: z.enum(["priors", "quick", "nightly"]),
          last_trained_at: z.iso.datetime().nullable(),
          noise_sd: z.number(),
          coefficients: z.array(
            z.object({ name: z.string(), mean: z.number(), sd: z.number(), population_mean: z.number() }),
          ),
          population: z.object({
            source: z.enum(["priors", "nightly"]),
            run_id: z.uuid().nullable(),
            label: z.string(),
          }),
        }),
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/recommendations/generate",
    summary:
      "What should I do today? Rules first, then predicted quality per session type, the pick and context",
    tag: "climb",
    auth: "user",
    body: recommendationRequestSchema,
    responses: {
      200: {
        description: "Recommendation (override set and the rest null when a rule fired)",
        schema: recommendation,
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/recommendations/pre-session/stream",
    summary: "The same recommendation as Server-Sent Events, phase by phase",
    description:
      "Events in order: context_loaded, prediction, recommendations, stats, done. When an override rule fires: " +
      "context_loaded, override, done (ended_early: true, with the reason). Each data line is the JSON of that " +
      "phase as in /generate.",
    tag: "climb",
    auth: "user",
    body: recommendationRequestSchema,
    responses: {
      200: { description: "text/event-stream", contentType: "text/event-stream", schema: z.string() },
    },
  },
  {
    method: "get",
    path: "/api/admin/climb/rules",
    summary: "Every coach rule, and this process's rules cache (loaded, expires, TTL)",
    tag: "admin",
    auth: "admin",
    responses: {
      200: { description: "Rules", schema: z.object({ rules: z.array(rule), cache: cacheStatus }) },
    },
  },
  {
    method: "post",
    path: "/api/admin/climb/rules",
    summary:
      "Add a rule (the condition is validated: unknown fields, operators or out-of-range values are refused)",
    tag: "admin",
    auth: "admin",
    body: ruleSchema,
    responses: { 201: { description: "Created; the rules cache is invalidated", schema: rule } },
  },
  {
    method: "put",
    path: "/api/admin/climb/rules/{id}",
    summary: "Replace a rule",
    tag: "admin",
    auth: "admin",
    params: ruleParamsSchema,
    body: ruleSchema,
    responses: { 200: { description: "Saved; the rules cache is invalidated", schema: rule } },
  },
  {
    method: "delete",
    path: "/api/admin/climb/rules/{id}",
    summary: "Delete a rule",
    tag: "admin",
    auth: "admin",
    params: ruleParamsSchema,
    responses: { 204: { description: "Deleted" } },
  },
  {
    method: "get",
    path: "/api/admin/climb/runs",
    summary: "Full hierarchical fits with population, R-hat and ESS; and this process's population cache",
    tag: "admin",
    auth: "admin",
    responses: {
      200: {
        description: "Runs",
        schema: z.object({ runs: z.array(z.record(z.string(), z.unknown())), population_cache: cacheStatus }),
      },
    },
  },
  {
    method: "post",
    path: "/api/admin/climb/train",
    summary: "Queue the full hierarchical fit now (climb.train-nightly)",
    tag: "admin",
    auth: "admin",
    responses: { 202: { description: "Queued", schema: z.object({ jobId: z.string().nullable() }) } },
  },
]);
