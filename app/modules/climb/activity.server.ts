import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import type { ActivityEntry } from "../today/activity-entry.ts";
import { SESSION_TYPE_LABELS } from "./session-types.ts";

/** Completed climbing sessions since `since`. */
export async function climbActivity(userId: string, since: Date): Promise<ActivityEntry[]> {
  const rows = await db().execute<{
    id: string;
    started_at: Date;
    type: string;
    minutes: number;
    quality: number;
  }>(sql`
    select id, started_at, actual_session_type as type, coalesce(actual_duration_min, planned_duration_min) as minutes,
      session_quality as quality
    from climbing_sessions
    where user_id = ${userId} and status = 'completed' and started_at >= ${since.toISOString()}::timestamptz
    order by started_at desc limit 200`);
  return rows.map((r) => ({
    module: "climb",
    at: new Date(r.started_at),
    minutes: r.minutes,
    summary: `Climbed: ${SESSION_TYPE_LABELS[r.type as keyof typeof SESSION_TYPE_LABELS] ?? r.type}, ${r.minutes} min, quality ${r.quality}/10`,
    href: `/climb/sessions/${r.id}`,
  }));
}
