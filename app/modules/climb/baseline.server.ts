import { eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { baselineAssessments } from "../../../db/schema/index.ts";
import { ClimbError } from "./climb-errors.server.ts";
import { boulderToV, indexToRoute, routeToIndex, vToBoulder } from "./grades.ts";
import type { BaselineInput } from "./schemas.ts";

export type Baseline = typeof baselineAssessments.$inferSelect;

export async function getBaseline(userId: string): Promise<Baseline | null> {
  const [row] = await db().select().from(baselineAssessments).where(eq(baselineAssessments.userId, userId));
  return row ?? null;
}

/** Saves the baseline; grades are checked against the scale they were given in and stored normalised. */
export async function saveBaseline(userId: string, input: BaselineInput): Promise<Baseline> {
  const errors = [];
  const boulderV =
    input.max_boulder_grade === null ? null : boulderToV(input.boulder_scale, input.max_boulder_grade);
  if (input.max_boulder_grade !== null && boulderV === null)
    errors.push({
      path: "max_boulder_grade",
      message: `Not a ${input.boulder_scale === "v" ? "V-scale" : "Font"} grade`,
    });
  const routeIndex =
    input.max_route_grade === null ? null : routeToIndex(input.route_scale, input.max_route_grade);
  if (input.max_route_grade !== null && routeIndex === null)
    errors.push({ path: "max_route_grade", message: `Not a ${input.route_scale.toUpperCase()} grade` });
  if (errors.length) throw new ClimbError(400, "The baseline has invalid grades", errors);
  const values = {
    experienceYears: input.experience_years,
    maxBoulderV: boulderV,
    maxRouteIndex: routeIndex,
    boulderScale: input.boulder_scale,
    routeScale: input.route_scale,
    goals: input.goals,
    injuries: input.injuries,
    daysPerWeek: input.days_per_week,
    minutesPerSession: input.minutes_per_session,
    timezone: input.timezone,
  };
  const [row] = await db()
    .insert(baselineAssessments)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: baselineAssessments.userId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export const hasActiveFingerInjury = (b: Baseline) =>
  b.injuries.some((i) => i.area === "fingers" && i.status === "active");

export function baselineJson(b: Baseline) {
  return {
    experience_years: b.experienceYears,
    boulder_scale: b.boulderScale,
    max_boulder_grade: b.maxBoulderV === null ? null : vToBoulder(b.boulderScale, b.maxBoulderV),
    max_boulder_v: b.maxBoulderV,
    route_scale: b.routeScale,
    max_route_grade: b.maxRouteIndex === null ? null : indexToRoute(b.routeScale, b.maxRouteIndex),
    max_route_french: b.maxRouteIndex === null ? null : indexToRoute("french", b.maxRouteIndex),
    goals: b.goals,
    injuries: b.injuries,
    days_per_week: b.daysPerWeek,
    minutes_per_session: b.minutesPerSession,
    timezone: b.timezone,
    updated_at: b.updatedAt.toISOString(),
  };
}
