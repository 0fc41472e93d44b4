import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/** A climber's baseline: experience, grades (normalised), goals, injuries and weekly availability. */
export const baselineAssessments = pgTable("baseline_assessments", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  experienceYears: real("experience_years").notNull(),
  /** Max boulder grade as a V-scale number (0–17), whatever scale it was entered in. */
  maxBoulderV: smallint("max_boulder_v"),
  /** Max route grade as an index into the French scale (see app/modules/climb/grades.ts). */
  maxRouteIndex: smallint("max_route_index"),
  /** The scales the climber entered grades in, to show them back the same way. */
  boulderScale: text("boulder_scale", { enum: ["v", "font"] })
    .notNull()
    .default("v"),
  routeScale: text("route_scale", { enum: ["french", "yds", "uiaa"] })
    .notNull()
    .default("french"),
  goals: jsonb("goals").$type<string[]>().notNull().default([]),
  /** [{ area, status: active|recovering|healed, note }] */
  injuries: jsonb("injuries").$type<{ area: string; status: string; note: string }[]>().notNull().default([]),
  daysPerWeek: smallint("days_per_week").notNull(),
  minutesPerSession: smallint("minutes_per_session").notNull(),
  /** The climber's zone: "today", consecutive days and weeks are counted in it. */
  timezone: text("timezone").notNull().default("UTC"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A climbing session: the plan (type, duration, intensity, exercises) with the readiness recorded before it,
 * and once completed what actually happened (`actual_*`), whether it deviated from the plan, and the
 * session_quality the climber gave it (the model's outcome).
 */
export const climbingSessions = pgTable(
  "climbing_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["planned", "completed"] }).notNull(),
    sessionType: text("session_type").notNull(),
    plannedDurationMin: smallint("planned_duration_min").notNull(),
    plannedIntensity: smallint("planned_intensity").notNull(),
    plannedExercises: jsonb("planned_exercises").$type<Exercise[]>().notNull().default([]),
    sleepHours: real("sleep_hours").notNull(),
    energyLevel: smallint("energy_level").notNull(),
    stressLevel: smallint("stress_level").notNull(),
    soreness: smallint("soreness"),
    motivation: smallint("motivation"),
    fingerPain: smallint("finger_pain"),
    /** The advice shown when the plan was made ({session_type, predicted_quality, …}), to check it later. */
    recommendation: jsonb("recommendation"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    actualSessionType: text("actual_session_type"),
    actualDurationMin: smallint("actual_duration_min"),
    actualIntensity: smallint("actual_intensity"),
    actualExercises: jsonb("actual_exercises").$type<Exercise[]>(),
    sessionQuality: smallint("session_quality"),
    deviatedFromPlan: boolean("deviated_from_plan"),
    notes: text("notes").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    index("climbing_sessions_user_idx").on(t.userId, t.startedAt),
    check(
      "climbing_sessions_completed_has_actuals",
      sql`${t.status} <> 'completed' or (${t.sessionQuality} is not null and ${t.actualSessionType} is not null and ${t.endedAt} is not null)`,
    ),
    check("climbing_sessions_end_after_start", sql`${t.endedAt} is null or ${t.endedAt} > ${t.startedAt}`),
  ],
);

export interface Exercise {
  name: string;
  sets?: number | undefined;
  reps?: number | undefined;
  grade?: string | undefined;
  notes?: string | undefined;
}

/** Coach rules, checked before the model: an override answers at once, a constraint removes session types. */
export const climbRules = pgTable("climb_rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** A condition tree over readiness and history (app/modules/climb/rule-conditions.ts), validated at save. */
  condition: jsonb("condition").notNull(),
  action: text("action", { enum: ["override", "constraint"] }).notNull(),
  /** Override: the session type advised instead (often rest). */
  sessionType: text("session_type"),
  /** Constraint: the session types ruled out today. */
  excludedTypes: jsonb("excluded_types").$type<string[]>().notNull().default([]),
  message: text("message").notNull(),
  priority: integer("priority").notNull().default(100),
  enabled: boolean("enabled").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** Each climber's current coefficients: their posterior mean and covariance, with the phase they are in. */
export const modelOutputs = pgTable("model_outputs", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  phase: text("phase", { enum: ["cold_start", "learning", "personalized"] }).notNull(),
  sessionsIncluded: integer("sessions_included").notNull(),
  coefficients: jsonb("coefficients").$type<number[]>().notNull(),
  covariance: jsonb("covariance").$type<number[][]>().notNull(),
  noiseSd: real("noise_sd").notNull(),
  /** quick: conjugate update after a session; nightly: the full hierarchical fit; priors: cold start. */
  source: text("source", { enum: ["priors", "quick", "nightly"] }).notNull(),
  runId: uuid("run_id"),
  lastTrainedAt: timestamp("last_trained_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A full hierarchical fit: the population it estimated and its convergence diagnostics. */
export const climbModelRuns = pgTable(
  "climb_model_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: text("status", { enum: ["running", "succeeded", "failed"] }).notNull(),
    trigger: text("trigger", { enum: ["schedule", "manual"] }).notNull(),
    progress: real("progress").notNull().default(0),
    climbers: integer("climbers").notNull().default(0),
    sessions: integer("sessions").notNull().default(0),
    /** { mean, covariance, noiseSd, tau } of the population, when the fit succeeded. */
    population: jsonb("population"),
    diagnostics: jsonb("diagnostics"),
    maxRhat: real("max_rhat"),
    minEss: real("min_ess"),
    converged: boolean("converged"),
    /** Settings of the sampler: chains, warmup, draws, seed. */
    settings: jsonb("settings"),
    durationMs: integer("duration_ms"),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("climb_model_runs_started_idx").on(t.startedAt)],
);
