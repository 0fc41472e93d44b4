import { sql } from "drizzle-orm";
import { db } from "../../../../db/client.ts";
import { cached } from "../../../lib/cache.server.ts";
import { learnerStats } from "../achievements/learner-stats.server.ts";
import { getProfile } from "../profile.server.ts";
import { getQueue } from "../reviews.server.ts";
import { addDays, dailyFigures } from "./daily-figures.server.ts";

/**
 * The seed's /api/v1/analytics: each answer is cached for 15 minutes per learner in Postgres and dropped
 * when they review, take a tutor turn, complete a session or change their profile (app/lib/cache.server.ts).
 */
export const ANALYTICS_TTL_SECONDS = 15 * 60;

async function learnerDay(userId: string) {
  const timezone = (await getProfile(userId))?.timezone ?? "UTC";
  const [row] = await db().execute<{ today: string }>(
    sql`select to_char(now() at time zone ${timezone}, 'YYYY-MM-DD') as today`,
  );
  return { timezone, today: row!.today };
}

const ratio = (a: number, b: number) => (b ? a / b : null);

export function statistics(userId: string, days: number) {
  return cached(userId, `analytics:statistics:${days}`, ANALYTICS_TTL_SECONDS, async () => {
    const { timezone, today } = await learnerDay(userId);
    const figures = await dailyFigures(userId, timezone, addDays(today, -(days - 1)), today);
    return {
      timezone,
      days: figures.map((d) => ({
        date: d.day,
        xp: d.xp,
        reviews: d.reviews,
        recall_rate: ratio(d.recalled, d.reviews),
        turns: d.turns,
        turn_accuracy: ratio(d.cleanTurns, d.turns),
        minutes: d.minutes,
      })),
    };
  });
}

export function streak(userId: string) {
  return cached(userId, "analytics:streak", ANALYTICS_TTL_SECONDS, async () => {
    const { timezone, today } = await learnerDay(userId);
    const [stats, figures] = await Promise.all([
      learnerStats(userId),
      dailyFigures(userId, timezone, addDays(today, -364), today),
    ]);
    return {
      current: stats.streak.current,
      longest: stats.streak.longest,
      practiced_today: stats.streak.practicedToday,
      calendar: figures.map((d) => ({ date: d.day, xp: d.xp, reviews: d.reviews, turns: d.turns })),
    };
  });
}

export function vocabulary(userId: string) {
  return cached(userId, "analytics:vocabulary", ANALYTICS_TTL_SECONDS, async () => {
    const [row] = await db().execute<{
      learning: number;
      review: number;
      relearning: number;
      mastered: number;
      total: number;
    }>(sql`
      select count(*) filter (where state = 1)::int as learning, count(*) filter (where state = 2)::int as review,
        count(*) filter (where state = 3)::int as relearning,
        count(*) filter (where state = 2 and stability >= 21)::int as mastered,
        (select count(*)::int from vocabulary_words) as total
      from learn_cards where user_id = ${userId}`);
    const byLevel = await db().execute<{
      level: string;
      words: number;
      started: number;
      learned: number;
    }>(sql`
      select v.cefr_level as level, count(*)::int as words, count(c.word_id)::int as started,
        count(*) filter (where c.state = 2)::int as learned
      from vocabulary_words v left join learn_cards c on c.word_id = v.id and c.user_id = ${userId}
      group by v.cefr_level order by v.cefr_level`);
    const r = row!;
    return {
      states: {
        new: r.total - r.learning - r.review - r.relearning,
        learning: r.learning,
        review: r.review,
        relearning: r.relearning,
      },
      mastered: r.mastered,
      mastered_rule: "In review with a stability of 21 days or more",
      by_level: byLevel.map((l) => ({
        level: l.level,
        words: l.words,
        started: l.started,
        learned: l.learned,
      })),
    };
  });
}

export function errors(userId: string, days: number) {
  return cached(userId, `analytics:errors:${days}`, ANALYTICS_TTL_SECONDS, async () => {
    const since = sql`now() - make_interval(days => ${days})`;
    const categories = await db().execute<{ category: string; count: number }>(sql`
      select category, count(*)::int as count from tutor_errors
      where user_id = ${userId} and created_at >= ${since} group by category order by count desc, category`);
    const mistakes = await db().execute<{
      text: string;
      suggestion: string;
      category: string;
      explanation: string;
      count: number;
      last_seen: string;
    }>(sql`
      select lower(text) as text, lower(suggestion) as suggestion, category, min(explanation) as explanation,
        count(*)::int as count,
        max(created_at)::text as last_seen
      from tutor_errors where user_id = ${userId} and created_at >= ${since}
      group by lower(text), lower(suggestion), category order by count desc, last_seen desc limit 10`);
    return {
      days,
      by_category: categories.map((c) => ({ category: c.category, count: c.count })),
      most_frequent: mistakes.map((m) => ({ ...m, last_seen: new Date(m.last_seen).toISOString() })),
    };
  });
}

export function summary(userId: string) {
  return cached(userId, "analytics:summary", ANALYTICS_TTL_SECONDS, async () => {
    const { timezone, today } = await learnerDay(userId);
    const [stats, week, queue] = await Promise.all([
      learnerStats(userId),
      dailyFigures(userId, timezone, addDays(today, -6), today),
      getQueue(userId, 1).catch(() => null),
    ]);
    const todayFigures = week.at(-1)!;
    const vocab = (await vocabulary(userId)).value;
    return {
      xp: { total: stats.xpTotal, today: todayFigures.xp, last_7_days: week.reduce((s, d) => s + d.xp, 0) },
      streak: { current: stats.streak.current, longest: stats.streak.longest },
      mastery: {
        words_learned: stats.wordsLearned,
        mastered: vocab.mastered,
        learning: vocab.states.learning,
      },
      reviews: {
        due_now: queue?.counts.due ?? 0,
        done_today: todayFigures.reviews,
        new_left_today: queue?.counts.new_left_today ?? 0,
      },
      tutor: {
        sessions_completed: stats.sessionsCompleted,
        accuracy: ratio(stats.cleanTurns, stats.turns),
      },
      minutes_last_7_days: week.reduce((s, d) => s + d.minutes, 0),
    };
  });
}
