import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { emailOutbox, notifications } from "../../db/schema";
import { MAX_ATTEMPTS, sendPendingEmails } from "../../app/lib/mail/outbox.server";
import { listNotifications, markRead } from "../../app/modules/notifications/notifications.server";
import { sendStreakReminders } from "../../app/modules/learn/reminders.server";
import { createLearner } from "../support/learners";

/** A real SMTP server on localhost that keeps what it receives (or refuses everything when told to). */
const received: { to: string[]; raw: string }[] = [];
let refuse = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onRcptTo(_address, _session, callback) {
    callback(refuse ? new Error("mailbox unavailable") : undefined);
  },
  onData(stream, session, callback) {
    let raw = "";
    stream.on("data", (c: Buffer) => (raw += c.toString()));
    stream.on("end", () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});
const env = globalThis as typeof globalThis & { __praxisEnv?: unknown };

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  env.__praxisEnv = undefined;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  env.__praxisEnv = undefined;
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
  refuse = false;
});

/** XP at local noon `daysAgo` days ago, in the learner's zone. */
async function practised(userId: string, timezone: string, daysAgo: number) {
  await db().execute(sql`insert into xp_events (user_id, source, amount, created_at)
    values (${userId}, 'review', 1, ((now() at time zone ${timezone})::date - ${daysAgo}::int + time '12:00') at time zone ${timezone})`);
}

describe("streak reminders", () => {
  it("remind a learner who practised yesterday but not today, in-app and by email, exactly once", async () => {
    const tz = "America/Los_Angeles";
    const atRisk = await createLearner({ timezone: tz });
    await practised(atRisk, tz, 2);
    await practised(atRisk, tz, 1);
    const safe = await createLearner({ timezone: tz });
    await practised(safe, tz, 1);
    await practised(safe, tz, 0);
    const lapsed = await createLearner({ timezone: tz });
    await practised(lapsed, tz, 3);

    const first = await sendStreakReminders();
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    const mine = await listNotifications(atRisk);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: "streak-reminder",
      title: "Keep your 2-day streak",
      read_at: null,
    });
    expect(await listNotifications(safe)).toEqual([]);
    expect(await listNotifications(lapsed)).toEqual([]);

    // A retried run changes nothing.
    await sendStreakReminders();
    expect(await listNotifications(atRisk)).toHaveLength(1);

    const sent = await sendPendingEmails();
    expect(sent.sent).toBeGreaterThanOrEqual(1);
    const [row] = await db().select().from(emailOutbox).where(eq(emailOutbox.userId, atRisk));
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    const mail = received.find((m) => m.raw.includes(`<${row!.id}@praxis.outbox>`))!;
    expect(mail.raw).toMatch(/Subject: Keep your 2-day streak going/);
    // Delivered once: a second pass has nothing pending.
    expect(await sendPendingEmails()).toEqual({ sent: 0, failed: 0 });

    expect(await markRead(atRisk, mine[0]!.id)).toBe(true);
    expect(await markRead(safe, mine[0]!.id)).toBe(false);
    expect((await listNotifications(atRisk))[0]!.read_at).not.toBeNull();
  });

  it("keeps a refused email pending and retries it, giving up after the last attempt", async () => {
    const userId = await createLearner();
    await practised(userId, "UTC", 1);
    await sendStreakReminders();
    refuse = true;
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await sendPendingEmails();
      const [row] = await db().select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
      expect(row).toMatchObject({ attempts: i, status: i < MAX_ATTEMPTS ? "pending" : "failed" });
      expect(row!.lastError).toMatch(/mailbox unavailable/);
    }
  });

  it("writes only the in-app notification when no SMTP server is configured", async () => {
    delete process.env.SMTP_URL;
    env.__praxisEnv = undefined;
    try {
      const userId = await createLearner();
      await practised(userId, "UTC", 1);
      await sendStreakReminders();
      expect(await db().select().from(notifications).where(eq(notifications.userId, userId))).toHaveLength(1);
      expect(await db().select().from(emailOutbox).where(eq(emailOutbox.userId, userId))).toEqual([]);
    } finally {
      process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
      env.__praxisEnv = undefined;
    }
  });
});
