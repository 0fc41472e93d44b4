import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import type { ActivityEntry } from "../today/activity-entry.ts";

/** Typing sessions with at least one finished snippet since `since`, newest first. */
export async function typingActivity(userId: string, since: Date): Promise<ActivityEntry[]> {
  const rows = await db().execute<{
    started_at: Date;
    snippets: number;
    wpm: number | null;
    accuracy: number | null;
    duration_ms: number;
  }>(sql`
    select started_at, snippets_completed as snippets, wpm, accuracy, duration_ms
    from typing_sessions
    where user_id = ${userId} and started_at >= ${since.toISOString()}::timestamptz and snippets_completed > 0
    order by started_at desc limit 500`);
  return rows.map((r) => {
    const speed = r.wpm === null ? "" : ` at ${Math.round(r.wpm)} wpm`;
    const accuracy = r.accuracy === null ? "" : `, ${Math.round(r.accuracy * 100)}% accuracy`;
    return {
      module: "typing",
      at: new Date(r.started_at),
      minutes: Math.max(1, Math.round(r.duration_ms / 60_000)),
      summary: `Typed ${r.snippets} snippet${r.snippets === 1 ? "" : "s"}${speed}${accuracy}`,
      href: "/typing/stats",
    };
  });
}
