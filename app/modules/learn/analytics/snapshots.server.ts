import { sql } from "drizzle-orm";
import { db } from "../../../../db/client.ts";
import { analyticsSnapshots } from "../../../../db/schema/index.ts";
import { purgeExpiredCache } from "../../../lib/cache.server.ts";
import { computeDays, writeSnapshots } from "./daily-figures.server.ts";

export const SNAPSHOT_RETENTION_DAYS = 365;

/**
 * Writes (or refreshes) daily snapshots: for `date` (YYYY-MM-DD, each learner's calendar), or by default
 * each learner's yesterday; for one learner, or everyone who practised around that day.
 */
export async function snapshotAnalytics(options: { date?: string; userId?: string } = {}) {
  const date = options.date ?? null;
  const userId = options.userId ?? null;
  // Around the day in UTC (a day and a bit either side covers every time zone).
  const from = sql`coalesce(${date}::date, current_date - 1) - 1`;
  const to = sql`coalesce(${date}::date, current_date - 1) + 2`;
  const learners = await db().execute<{ user_id: string; timezone: string; day: string }>(sql`
    select p.user_id, p.timezone, coalesce(${date}::date, (now() at time zone p.timezone)::date - 1)::text as day
    from learner_profiles p
    where (${userId}::uuid is null or p.user_id = ${userId}::uuid)
      and (${userId}::uuid is not null
        or exists (select 1 from xp_events x where x.user_id = p.user_id and x.created_at >= ${from} and x.created_at < ${to})
        or exists (select 1 from learn_review_logs r where r.user_id = p.user_id and r.reviewed_at >= ${from} and r.reviewed_at < ${to}))`);
  for (const l of learners)
    await writeSnapshots(l.user_id, await computeDays(l.user_id, l.timezone, l.day, l.day), true);
  return { learners: learners.length };
}

/** Drops snapshots older than a year and expired cache entries (weekly). */
export async function cleanupAnalytics() {
  const gone = await db()
    .delete(analyticsSnapshots)
    .where(sql`${analyticsSnapshots.day} < current_date - ${SNAPSHOT_RETENTION_DAYS}::int`)
    .returning({ day: analyticsSnapshots.day });
  return { snapshots: gone.length, cacheEntries: await purgeExpiredCache() };
}
