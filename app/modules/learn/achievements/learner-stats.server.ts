import { sql } from "drizzle-orm";
import { db } from "../../../../db/client.ts";
import { getProfile } from "../profile.server.ts";
import { streaks, type Streak } from "./streaks.ts";

/** The figures achievements are judged on (and the analytics summary shows). */
export interface LearnerStats {
  xpTotal: number;
  sessionsCompleted: number;
  wordsLearned: number;
  streak: Streak;
  /** Learner messages in completed sessions, and how many needed no correction. */
  turns: number;
  cleanTurns: number;
  timezone: string;
}

export async function learnerStats(userId: string, now = new Date()): Promise<LearnerStats> {
  const timezone = (await getProfile(userId))?.timezone ?? "UTC";
  const [row] = await db().execute<{
    xp: number;
    sessions: number;
    words: number;
    turns: number;
    clean: number;
    today: string;
  }>(sql`
    select
      (select coalesce(sum(amount), 0)::int from xp_events where user_id = ${userId}) as xp,
      (select count(*)::int from tutor_sessions where user_id = ${userId} and status = 'completed') as sessions,
      (select count(*)::int from learn_cards where user_id = ${userId} and state = 2) as words,
      (select count(*)::int from tutor_messages m join tutor_sessions s on s.id = m.session_id
        where s.user_id = ${userId} and s.status = 'completed' and m.role = 'learner') as turns,
      (select count(*)::int from tutor_messages m join tutor_sessions s on s.id = m.session_id
        where s.user_id = ${userId} and s.status = 'completed' and m.role = 'learner'
          and not exists (select 1 from tutor_errors e where e.message_id = m.id)) as clean,
      to_char(${now.toISOString()}::timestamptz at time zone ${timezone}, 'YYYY-MM-DD') as today`);
  // A practice day: any XP earned or any review logged, by the learner's calendar.
  const days = await db().execute<{ d: string }>(sql`
    select to_char(created_at at time zone ${timezone}, 'YYYY-MM-DD') as d from xp_events where user_id = ${userId}
    union
    select to_char(reviewed_at at time zone ${timezone}, 'YYYY-MM-DD') from learn_review_logs where user_id = ${userId}`);
  return {
    xpTotal: row!.xp,
    sessionsCompleted: row!.sessions,
    wordsLearned: row!.words,
    turns: row!.turns,
    cleanTurns: row!.clean,
    streak: streaks(
      days.map((r) => r.d),
      row!.today,
    ),
    timezone,
  };
}
