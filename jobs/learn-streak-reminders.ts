import { logger } from "../app/lib/logger.server.ts";
import { sendPendingEmails } from "../app/lib/mail/outbox.server.ts";
import { sendStreakReminders } from "../app/modules/learn/reminders.server.ts";

/** 18:00 UTC: remind learners whose streak is at risk today (in-app, and by email through the outbox). */
export async function learnStreakReminders(): Promise<void> {
  const done = await sendStreakReminders();
  logger().info({ job: "learn.streak-reminders", ...done }, "streak reminders written");
  // Deliver at once rather than at the outbox's next minute.
  if (done.emailed) await sendPendingEmails();
}
