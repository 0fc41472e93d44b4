import { and, desc, eq, gte, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { climbingSessions } from "../../../db/schema/index.ts";
import { logger } from "../../lib/logger.server.ts";
import type { PublicUser } from "../auth/users.server.ts";
import { recordCatalogActivity } from "../recs/module-activity.server.ts";
import { drillsNamedIn } from "./drills.ts";
import { ClimbError } from "./climb-errors.server.ts";
import type { PastSession } from "./history-facts.ts";
import { readinessJson } from "./session-readiness.ts";
import { requestUserTraining } from "./training-requests.server.ts";
import type { SessionCompleteInput, SessionCreateInput } from "./schemas.ts";
import type { SessionType } from "./session-types.ts";

export type ClimbingSession = typeof climbingSessions.$inferSelect;

/** A plan deviates when the type changed, the duration moved by over a quarter, or RPE by 2 or more. */
export function deviates(
  plan: { type: string; durationMin: number; intensity: number },
  actual: { type: string; durationMin: number; intensity: number },
): boolean {
  return (
    plan.type !== actual.type ||
    Math.abs(actual.durationMin - plan.durationMin) > plan.durationMin / 4 ||
    Math.abs(actual.intensity - plan.intensity) >= 2
  );
}

/** The session's length from its start and end: 5–600 minutes, or a 400 naming ended_at. */
function minutesBetween(start: Date, end: Date): number {
  const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
  if (minutes < 5 || minutes > 600)
    throw new ClimbError(400, "A session lasts 5 to 600 minutes", [
      { path: "ended_at", message: `Start to end is ${minutes} minutes; a session lasts 5 to 600` },
    ]);
  return minutes;
}

/** Plans a session, or logs a finished one in one step when the input carries session_quality. */
export async function createSession(userId: string, input: SessionCreateInput): Promise<ClimbingSession> {
  const logged = input.session_quality !== undefined;
  const endedAt = input.ended_at ? new Date(input.ended_at) : null;
  const startedAt = input.started_at
    ? new Date(input.started_at)
    : endedAt
      ? new Date(endedAt.getTime() - (input.actual_duration_min ?? input.planned_duration_min) * 60_000)
      : new Date();
  const actual = logged
    ? {
        type: input.actual_session_type ?? input.session_type,
        durationMin: input.actual_duration_min ?? minutesBetween(startedAt, endedAt!),
        intensity: input.actual_intensity!,
      }
    : null;
  const [row] = await db()
    .insert(climbingSessions)
    .values({
      userId,
      status: logged ? "completed" : "planned",
      sessionType: input.session_type,
      plannedDurationMin: input.planned_duration_min,
      plannedIntensity: input.planned_intensity,
      plannedExercises: input.planned_exercises,
      sleepHours: input.sleep_hours,
      energyLevel: input.energy_level,
      stressLevel: input.stress_level,
      soreness: input.soreness ?? null,
      motivation: input.motivation ?? null,
      fingerPain: input.finger_pain ?? null,
      recommendation: input.recommendation ?? null,
      startedAt,
      endedAt,
      actualSessionType: actual?.type ?? null,
      actualDurationMin: actual?.durationMin ?? null,
      actualIntensity: actual?.intensity ?? null,
      actualExercises: logged ? (input.actual_exercises ?? input.planned_exercises) : null,
      sessionQuality: input.session_quality ?? null,
      deviatedFromPlan: actual
        ? deviates(
            {
              type: input.session_type,
              durationMin: input.planned_duration_min,
              intensity: input.planned_intensity,
            },
            actual,
          ) ||
          (input.deviated_from_plan ?? false)
        : null,
      notes: input.notes ?? "",
      completedAt: logged ? sql`now()` : null,
    })
    .returning();
  if (logged) await afterCompletion(userId, row!);
  return row!;
}

async function afterCompletion(userId: string, session: ClimbingSession) {
  // Drills the session names (exercises or notes) count as practised in the library's catalog.
  const named = drillsNamedIn([
    ...(session.actualExercises ?? session.plannedExercises).flatMap((e) => [e.name, e.notes]),
    session.notes,
  ]);
  for (const drill of named)
    await recordCatalogActivity(userId, `climb-drill:${drill.key}`, "complete", session.endedAt ?? undefined);
  try {
    await requestUserTraining(userId);
  } catch (error) {
    // The nightly fit refreshes every climber, so a lost quick update only delays this one.
    logger().warn({ err: error, userId }, "could not queue climb.train-user");
  }
}

/** A session the requester may see: their own, or anyone's for an admin (403 otherwise, 404 if none). */
export async function getSession(requester: PublicUser, id: string): Promise<ClimbingSession> {
  const [row] = await db().select().from(climbingSessions).where(eq(climbingSessions.id, id));
  if (!row) throw new ClimbError(404, "No such session");
  if (row.userId !== requester.id && requester.role !== "admin")
    throw new ClimbError(403, "This session belongs to another climber");
  return row;
}

/** Records what happened in a planned session. */
export async function completeSession(
  requester: PublicUser,
  id: string,
  input: SessionCompleteInput,
): Promise<ClimbingSession> {
  const existing = await getSession(requester, id);
  if (existing.status === "completed") throw new ClimbError(409, "This session is already logged");
  const endedAt = new Date(input.ended_at);
  let startedAt = input.started_at ? new Date(input.started_at) : existing.startedAt;
  if (endedAt.getTime() <= startedAt.getTime())
    throw new ClimbError(400, "The session must end after it starts", [
      { path: "ended_at", message: `Must be after the start (${startedAt.toISOString()})` },
    ]);
  // A plan logged on a later day: without a start time, the session is taken to have ended at ended_at.
  if (!input.started_at && endedAt.getTime() - startedAt.getTime() > 600 * 60_000)
    startedAt = new Date(
      endedAt.getTime() - (input.actual_duration_min ?? existing.plannedDurationMin) * 60_000,
    );
  const actual = {
    type: input.actual_session_type ?? existing.sessionType,
    durationMin: input.actual_duration_min ?? minutesBetween(startedAt, endedAt),
    intensity: input.actual_intensity,
  };
  const plan = {
    type: existing.sessionType,
    durationMin: existing.plannedDurationMin,
    intensity: existing.plannedIntensity,
  };
  // The status guard makes a concurrent second completion a no-op that we answer 409.
  const [row] = await db()
    .update(climbingSessions)
    .set({
      status: "completed",
      startedAt,
      endedAt,
      actualSessionType: actual.type,
      actualDurationMin: actual.durationMin,
      actualIntensity: actual.intensity,
      actualExercises: input.actual_exercises ?? existing.plannedExercises,
      sessionQuality: input.session_quality,
      // The climber may flag a deviation the numbers do not show, not hide one they do.
      deviatedFromPlan: deviates(plan, actual) || (input.deviated_from_plan ?? false),
      notes: input.notes ?? existing.notes,
      completedAt: sql`now()`,
    })
    .where(and(eq(climbingSessions.id, id), eq(climbingSessions.status, "planned")))
    .returning();
  if (!row) throw new ClimbError(409, "This session is already logged");
  await afterCompletion(existing.userId, row);
  return row;
}

export async function listSessions(userId: string, limit = 100): Promise<ClimbingSession[]> {
  return db()
    .select()
    .from(climbingSessions)
    .where(eq(climbingSessions.userId, userId))
    .orderBy(desc(climbingSessions.startedAt))
    .limit(limit);
}

/** Completed sessions since `since`, as the history facts read them. */
export async function pastSessions(userId: string, since: Date): Promise<PastSession[]> {
  const rows = await db()
    .select({
      startedAt: climbingSessions.startedAt,
      type: climbingSessions.actualSessionType,
      durationMin: climbingSessions.actualDurationMin,
      intensity: climbingSessions.actualIntensity,
    })
    .from(climbingSessions)
    .where(
      and(
        eq(climbingSessions.userId, userId),
        eq(climbingSessions.status, "completed"),
        gte(climbingSessions.startedAt, since),
      ),
    );
  return rows.map((r) => ({
    startedAt: r.startedAt,
    type: r.type as SessionType,
    durationMin: r.durationMin ?? 0,
    intensity: r.intensity ?? 0,
  }));
}

export function sessionJson(s: ClimbingSession) {
  return {
    id: s.id,
    user_id: s.userId,
    status: s.status,
    session_type: s.sessionType,
    planned_duration_min: s.plannedDurationMin,
    planned_intensity: s.plannedIntensity,
    planned_exercises: s.plannedExercises,
    readiness: readinessJson(s),
    recommendation: s.recommendation,
    started_at: s.startedAt.toISOString(),
    ended_at: s.endedAt?.toISOString() ?? null,
    actual_session_type: s.actualSessionType,
    actual_duration_min: s.actualDurationMin,
    actual_intensity: s.actualIntensity,
    actual_exercises: s.actualExercises,
    session_quality: s.sessionQuality,
    deviated_from_plan: s.deviatedFromPlan,
    notes: s.notes,
    created_at: s.createdAt.toISOString(),
    completed_at: s.completedAt?.toISOString() ?? null,
  };
}
