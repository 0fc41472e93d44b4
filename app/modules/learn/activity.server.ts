import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import type { ActivityEntry } from "../today/activity-entry.ts";
import { SCENARIOS } from "./tutor/scenarios.ts";

/** A review whose duration was not recorded counts as this long. */
const ASSUMED_REVIEW_SECONDS = 10;

/**
 * French reviews (one entry per local hour in which the learner reviewed: hours are cut in `timezone`, so a
 * half-hour zone's midnight is not split across two days) and tutor sessions since `since`.
 */
export async function learnActivity(userId: string, since: Date, timezone = "UTC"): Promise<ActivityEntry[]> {
  const [reviews, sessions] = await Promise.all([
    db().execute<{ hour: Date; reviews: number; learnt: number; seconds: number }>(sql`
      select date_trunc('hour', reviewed_at at time zone ${timezone}) at time zone ${timezone} as hour,
        count(*)::int as reviews,
        count(*) filter (where state_before = 0)::int as learnt,
        coalesce(sum(coalesce(duration_ms, ${ASSUMED_REVIEW_SECONDS * 1000})), 0)::float8 / 1000 as seconds
      from learn_review_logs
      where user_id = ${userId} and reviewed_at >= ${since.toISOString()}::timestamptz
      group by 1 order by 1 desc limit 500`),
    db().execute<{
      started_at: Date;
      topic: string;
      scenario: string | null;
      turns: number;
      minutes: number;
    }>(sql`
      select started_at, topic, scenario, turns,
        greatest(1, extract(epoch from (coalesce(completed_at, last_activity_at) - started_at)) / 60)::float8 as minutes
      from tutor_sessions
      where user_id = ${userId} and started_at >= ${since.toISOString()}::timestamptz and turns > 0
      order by started_at desc limit 200`),
  ]);
  return [
    ...reviews.map((r): ActivityEntry => {
      const fresh = r.learnt ? ` (${r.learnt} new)` : "";
      return {
        module: "learn",
        at: new Date(r.hour),
        minutes: Math.max(1, Math.round(r.seconds / 60)),
        summary: `Reviewed ${r.reviews} French word${r.reviews === 1 ? "" : "s"}${fresh}`,
        href: "/learn/dashboard",
      };
    }),
    ...sessions.map((s): ActivityEntry => {
      const scene = SCENARIOS.find((x) => x.key === s.scenario)?.title ?? s.topic;
      return {
        module: "learn",
        at: new Date(s.started_at),
        minutes: Math.min(120, Math.round(s.minutes)),
        summary: `Talked with the tutor: ${scene} (${s.turns} turn${s.turns === 1 ? "" : "s"})`,
        href: "/learn/tutor",
      };
    }),
  ];
}

/** The learner's seconds per review: the median of their last 200 timed reviews, or the assumed pace. */
export async function reviewPace(userId: string): Promise<{ secondsPerReview: number; measured: boolean }> {
  const [row] = await db().execute<{ median_ms: number | null }>(sql`
    select percentile_cont(0.5) within group (order by duration_ms)::float8 as median_ms
    from (select duration_ms from learn_review_logs where user_id = ${userId} and duration_ms is not null
      order by reviewed_at desc limit 200) r`);
  const ms = row?.median_ms;
  return ms && ms > 0
    ? { secondsPerReview: Math.min(120, ms / 1000), measured: true }
    : { secondsPerReview: ASSUMED_REVIEW_SECONDS, measured: false };
}
