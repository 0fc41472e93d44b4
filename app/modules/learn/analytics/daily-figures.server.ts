import { and, between, eq, sql } from "drizzle-orm";
import { db } from "../../../../db/client.ts";
import { analyticsSnapshots } from "../../../../db/schema/index.ts";

/** One learner-day of practice, by their calendar. */
export interface DayFigures {
  day: string;
  xp: number;
  reviews: number;
  recalled: number;
  turns: number;
  cleanTurns: number;
  minutes: number;
}

/**
 * Computes days [from, to] (YYYY-MM-DD, inclusive) from the raw tables in the learner's time zone:
 * XP earned, flashcard and implicit reviews (recalled = not Again), tutor messages and those needing no
 * correction, and minutes practised (timed reviews plus tutoring sessions from start to last message).
 */
export async function computeDays(
  userId: string,
  timezone: string,
  from: string,
  to: string,
): Promise<DayFigures[]> {
  const start = sql`(${from}::date)::timestamp at time zone ${timezone}`;
  const end = sql`((${to}::date + 1)::timestamp) at time zone ${timezone}`;
  const localDay = (column: string) => sql`(${sql.raw(column)} at time zone ${timezone})::date`;
  const rows = await db().execute<{
    day: string;
    xp: number;
    reviews: number;
    recalled: number;
    turns: number;
    clean: number;
    minutes: number;
  }>(sql`
    with days as (select generate_series(${from}::date, ${to}::date, interval '1 day')::date as day),
    xp as (select ${localDay("created_at")} as day, sum(amount)::int as xp from xp_events
      where user_id = ${userId} and created_at >= ${start} and created_at < ${end} group by 1),
    rv as (select ${localDay("reviewed_at")} as day, count(*)::int as reviews,
        count(*) filter (where rating > 1)::int as recalled, coalesce(sum(duration_ms), 0)::bigint as ms
      from learn_review_logs where user_id = ${userId} and reviewed_at >= ${start} and reviewed_at < ${end} group by 1),
    tt as (select ${localDay("m.created_at")} as day, count(*)::int as turns,
        count(*) filter (where not exists (select 1 from tutor_errors e where e.message_id = m.id))::int as clean
      from tutor_messages m join tutor_sessions s on s.id = m.session_id
      where s.user_id = ${userId} and m.role = 'learner' and m.created_at >= ${start} and m.created_at < ${end} group by 1),
    sm as (select ${localDay("started_at")} as day,
        sum(greatest(1, extract(epoch from last_activity_at - started_at) / 60))::int as minutes
      from tutor_sessions where user_id = ${userId} and turns > 0 and started_at >= ${start} and started_at < ${end} group by 1)
    select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(xp.xp, 0) as xp, coalesce(rv.reviews, 0) as reviews,
      coalesce(rv.recalled, 0) as recalled, coalesce(tt.turns, 0) as turns, coalesce(tt.clean, 0) as clean,
      (coalesce(rv.ms, 0) / 60000 + coalesce(sm.minutes, 0))::int as minutes
    from days d left join xp using (day) left join rv using (day) left join tt using (day) left join sm using (day)
    order by d.day`);
  return rows.map((r) => ({
    day: r.day,
    xp: r.xp,
    reviews: r.reviews,
    recalled: r.recalled,
    turns: r.turns,
    cleanTurns: r.clean,
    minutes: r.minutes,
  }));
}

/** Stores finished days (the daily job refreshes; a read fills in any that are missing). */
export async function writeSnapshots(userId: string, days: DayFigures[], refresh: boolean): Promise<void> {
  if (days.length === 0) return;
  const insert = db()
    .insert(analyticsSnapshots)
    .values(days.map((d) => ({ userId, ...d })));
  if (refresh)
    await insert.onConflictDoUpdate({
      target: [analyticsSnapshots.userId, analyticsSnapshots.day],
      set: {
        xp: sql`excluded.xp`,
        reviews: sql`excluded.reviews`,
        recalled: sql`excluded.recalled`,
        turns: sql`excluded.turns`,
        cleanTurns: sql`excluded.clean_turns`,
        minutes: sql`excluded.minutes`,
        createdAt: sql`now()`,
      },
    });
  else await insert.onConflictDoNothing();
}

export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Days [from, today]: finished days from snapshots (computed and stored where missing), today live.
 */
export async function dailyFigures(
  userId: string,
  timezone: string,
  from: string,
  today: string,
): Promise<DayFigures[]> {
  const yesterday = addDays(today, -1);
  const stored =
    from <= yesterday
      ? await db()
          .select({
            day: analyticsSnapshots.day,
            xp: analyticsSnapshots.xp,
            reviews: analyticsSnapshots.reviews,
            recalled: analyticsSnapshots.recalled,
            turns: analyticsSnapshots.turns,
            cleanTurns: analyticsSnapshots.cleanTurns,
            minutes: analyticsSnapshots.minutes,
          })
          .from(analyticsSnapshots)
          .where(and(eq(analyticsSnapshots.userId, userId), between(analyticsSnapshots.day, from, yesterday)))
      : [];
  const have = new Map(stored.map((s) => [s.day, s]));
  let firstMissing: string | null = null;
  for (let d = from; d <= yesterday; d = addDays(d, 1))
    if (!have.has(d)) {
      firstMissing = d;
      break;
    }
  const live = await computeDays(userId, timezone, firstMissing ?? today, today);
  const fresh = live.filter((d) => d.day < today && !have.has(d.day));
  await writeSnapshots(userId, fresh, false);
  const byDay = new Map<string, DayFigures>(have);
  for (const d of live) if (d.day === today || !have.has(d.day)) byDay.set(d.day, d);
  const out: DayFigures[] = [];
  for (let d = from; d <= today; d = addDays(d, 1))
    out.push(byDay.get(d) ?? { day: d, xp: 0, reviews: 0, recalled: 0, turns: 0, cleanTurns: 0, minutes: 0 });
  return out;
}
