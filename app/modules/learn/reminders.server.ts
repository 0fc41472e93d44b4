import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { mailConfigured, queueEmail } from "../../lib/mail/outbox.server.ts";
import { notify } from "../notifications/notifications.server.ts";
import { learnerStats } from "./achievements/learner-stats.server.ts";

/**
 * Streak reminders (the learn.streak-reminders job, 18:00 UTC): every learner who practised yesterday but
 * not yet today, both by their own calendar, gets an in-app notification, and an email through the outbox
 * when SMTP is configured. Keyed per learner and local day, so a retried run never reminds twice.
 */
export async function sendStreakReminders(): Promise<{ reminded: number; emailed: number }> {
  const candidates = await db().execute<{
    user_id: string;
    email: string;
    display_name: string;
    today: string;
  }>(sql`
    with local as (
      select p.user_id, u.email, u.display_name, p.timezone, (now() at time zone p.timezone)::date as today
      from learner_profiles p join users u on u.id = p.user_id),
    practice as (
      select user_id, created_at as at from xp_events
      union all select user_id, reviewed_at from learn_review_logs)
    select l.user_id, l.email, l.display_name, l.today::text as today from local l
    where exists (select 1 from practice x where x.user_id = l.user_id
        and (x.at at time zone l.timezone)::date = l.today - 1)
      and not exists (select 1 from practice x where x.user_id = l.user_id
        and (x.at at time zone l.timezone)::date = l.today)`);
  let reminded = 0;
  let emailed = 0;
  const email = mailConfigured();
  for (const c of candidates) {
    const { streak } = await learnerStats(c.user_id);
    const days = `${streak.current}-day streak`;
    const key = `streak:${c.user_id}:${c.today}`;
    await db().transaction(async (tx) => {
      const created = await notify(tx, {
        userId: c.user_id,
        kind: "streak-reminder",
        title: `Keep your ${days}`,
        body: "You have not practised French today yet: a few reviews or a short chat with the tutor keeps it going.",
        link: "/learn",
        dedupeKey: key,
      });
      if (!created) return;
      reminded++;
      if (email) {
        await queueEmail(tx, {
          userId: c.user_id,
          to: c.email,
          subject: `Keep your ${days} going`,
          body: `Bonjour ${c.display_name},\n\nYou have practised French ${streak.current} day${streak.current === 1 ? "" : "s"} in a row. A few reviews today keep the streak alive.\n\nPraxis`,
          dedupeKey: key,
        });
        emailed++;
      }
    });
  }
  return { reminded, emailed };
}
