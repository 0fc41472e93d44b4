import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { climbingSessions } from "../../../db/schema/index.ts";
import { designRow } from "./model-design.ts";
import { readinessOf } from "./session-readiness.ts";
import { MODELLED_TYPES, type ModelledType } from "./session-types.ts";

/** One completed, rated session of a modelled type: the model's training example. */
export interface TrainingExample {
  userId: string;
  x: number[];
  y: number;
}

/** cold_start below 10 rated sessions (priors only), learning up to 30 (shrunk), personalized from 30. */
export type Phase = "cold_start" | "learning" | "personalized";
export function phaseFor(sessions: number): Phase {
  return sessions < 10 ? "cold_start" : sessions < 30 ? "learning" : "personalized";
}

/** Training examples, for one climber or everyone, grouped by climber in a stable order. */
export async function trainingExamples(userId?: string): Promise<TrainingExample[]> {
  const rows = await db()
    .select({
      userId: climbingSessions.userId,
      type: climbingSessions.actualSessionType,
      quality: climbingSessions.sessionQuality,
      sleepHours: climbingSessions.sleepHours,
      energyLevel: climbingSessions.energyLevel,
      stressLevel: climbingSessions.stressLevel,
      soreness: climbingSessions.soreness,
      motivation: climbingSessions.motivation,
      fingerPain: climbingSessions.fingerPain,
    })
    .from(climbingSessions)
    .where(
      and(
        eq(climbingSessions.status, "completed"),
        isNotNull(climbingSessions.sessionQuality),
        inArray(climbingSessions.actualSessionType, [...MODELLED_TYPES]),
        userId ? eq(climbingSessions.userId, userId) : undefined,
      ),
    )
    .orderBy(asc(climbingSessions.userId), asc(climbingSessions.startedAt));
  return rows.map((r) => ({
    userId: r.userId,
    y: r.quality!,
    x: designRow(r.type as ModelledType, readinessOf(r)),
  }));
}

/** Groups examples by climber, keeping first-seen order. */
export function byClimber(examples: readonly TrainingExample[]): Map<string, { x: number[][]; y: number[] }> {
  const groups = new Map<string, { x: number[][]; y: number[] }>();
  for (const e of examples) {
    let g = groups.get(e.userId);
    if (!g) groups.set(e.userId, (g = { x: [], y: [] }));
    g.x.push(e.x);
    g.y.push(e.y);
  }
  return groups;
}
