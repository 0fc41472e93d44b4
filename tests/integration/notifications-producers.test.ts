import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Job } from "pg-boss";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { notifications, recsEvents, xpEvents } from "../../db/schema";
import { createUser } from "../../app/modules/auth/users.server";
import {
  checkAchievements,
  seedAchievements,
} from "../../app/modules/learn/achievements/achievements.server";
import { NEW_PICKS_QUEUE, notifyNewPicks } from "../../app/modules/notifications/new-picks.server";
import { listNotifications, markAllRead } from "../../app/modules/notifications/notifications.server";
import { unseenPicks } from "../../app/modules/recs/new-picks.server";
import { invalidateRecsSnapshot } from "../../app/modules/recs/recommend.server";
import { loadSample, recordSampleReading } from "../../app/modules/recs/sample-loader.server";
import { climbTrainNightly } from "../../jobs/climb-train";
import { notificationsNewPicks } from "../../jobs/notifications-new-picks";
import { recsTrain } from "../../jobs/recs-train";
import { queues } from "../../jobs/registry";
import { typingTrain } from "../../jobs/typing-train";
import { createLearner } from "../support/learners";

/** A pg-boss job as a handler receives it. */
const job = (name: string): Job<unknown> => ({ id: randomUUID(), name, data: {} }) as Job<unknown>;

const user = (role: "learner" | "admin" = "learner") =>
  createUser(
    {
      email: `${role}-${randomUUID().slice(0, 8)}@example.test`,
      displayName: role,
      password: "long-password-1",
    },
    role,
  );

const ofKind = (userId: string, kind: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

beforeAll(async () => {
  await seedAchievements();
});

describe("achievement notifications", () => {
  it("tell the learner once when an achievement unlocks, linking to their achievements", async () => {
    const userId = await createLearner();
    expect(await checkAchievements(userId)).toEqual([]);
    expect(await ofKind(userId, "achievement")).toEqual([]);

    await db().insert(xpEvents).values({ userId, source: "review", amount: 500 });
    const unlocked = await checkAchievements(userId);
    expect(unlocked.map((a) => a.key)).toEqual(["xp-500"]);
    expect(await checkAchievements(userId)).toEqual([]);

    const rows = await ofKind(userId, "achievement");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      title: "Achievement unlocked: 500 XP",
      body: "You reached the goal “Earn 500 XP”.",
      link: "/learn/achievements",
      dedupeKey: `achievement:${userId}:xp-500`,
      readAt: null,
    });
  });
});

describe("training-finished notifications", () => {
  it("tell every admin (and nobody else) how a typing.train job ended, once per job", async () => {
    const admins = [await user("admin"), await user("admin")];
    const learner = await user();
    const first = job("typing.train");
    await typingTrain([first]);
    // A retried or duplicated run of the same job notifies nobody twice.
    await typingTrain([first]);
    for (const admin of admins) {
      const rows = await ofKind(admin.id, "training-finished");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        title: "Typing ranker not trained: not enough data",
        link: "/admin/typing",
        dedupeKey: `training:typing.train:${first.id}:${admin.id}`,
      });
      expect(rows[0]!.body).toMatch(/^Not enough data: need 30 training and 10 hold-out sessions/);
    }
    expect(await ofKind(learner.id, "training-finished")).toEqual([]);

    // Another job is another notice.
    await typingTrain([job("typing.train")]);
    expect(await ofKind(admins[0]!.id, "training-finished")).toHaveLength(2);
  });

  it("report the climbing fit and the recommender's training with the figure they were judged on", async () => {
    const admin = await user("admin");
    const climb = job("climb.train-nightly");
    await climbTrainNightly([climb]);
    await climbTrainNightly([climb]);
    const recs = job("recs.train");
    await recsTrain([recs]);
    await recsTrain([recs]);
    const rows = await ofKind(admin.id, "training-finished");
    expect(rows.map((r) => [r.title, r.link]).sort()).toEqual([
      ["Climbing model fit failed", "/admin/climb"],
      ["Recommender not trained: not enough data", "/admin/recs"],
    ]);
    expect(rows.find((r) => r.link === "/admin/climb")!.body).toMatch(
      /^Needs rated sessions from at least 3 climbers \(has 0\)\. The current model stays in use\.$/,
    );
  });
});

describe("new-picks notifications", () => {
  it("is a scheduled queue with retries and a dead letter", () => {
    const def = queues.find((q) => q.name === NEW_PICKS_QUEUE)!;
    expect(def).toMatchObject({ cron: "0 9 * * *", retryBackoff: true });
    expect(def.retryLimit).toBeGreaterThan(0);
    expect(def.handler).toBe(notificationsNewPicks);
  });

  it("tell an active reader about picks they have never seen, once a day, and not while one is unread", async () => {
    await loadSample({ users: 12, items: 40, events: 400, seed: 5 });
    const reader = await user();
    await recordSampleReading(reader.id, "climber", "climbing");
    const idle = await user();
    const lapsed = await user();
    const [item] = await db().select({ contentId: recsEvents.contentId }).from(recsEvents).limit(1);
    await db()
      .insert(recsEvents)
      .values({
        userId: lapsed.id,
        contentId: item!.contentId,
        eventType: "click",
        ts: new Date(Date.now() - 20 * 86_400_000),
      });
    invalidateRecsSnapshot();

    const expected = (await unseenPicks(reader.id, 10))!.unseen.length;
    expect(expected).toBeGreaterThanOrEqual(3);

    const today = new Date();
    const first = await notifyNewPicks(today);
    expect(first.notified).toBeGreaterThanOrEqual(1);
    const mine = await listNotifications(reader.id, { kind: "new-recommendations" });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      title: `${expected} new picks for you`,
      link: "/library",
      read_at: null,
    });
    expect(mine[0]!.body).toMatch(new RegExp(`^“.+”, “.+” and ${expected - 2} more you have not seen yet`));
    expect(await ofKind(idle.id, "new-recommendations")).toEqual([]);
    expect(await ofKind(lapsed.id, "new-recommendations")).toEqual([]);

    // The job run again the same day (a retry) writes nothing; through the handler as pg-boss calls it.
    await notificationsNewPicks([job(NEW_PICKS_QUEUE)]);
    expect(await ofKind(reader.id, "new-recommendations")).toHaveLength(1);

    // Tomorrow, with today's notice still unread: not told again.
    const tomorrow = new Date(today.getTime() + 86_400_000);
    await notifyNewPicks(tomorrow);
    expect(await ofKind(reader.id, "new-recommendations")).toHaveLength(1);
    // Once read, tomorrow brings a new one.
    await markAllRead(reader.id);
    await notifyNewPicks(tomorrow);
    const rows = await ofKind(reader.id, "new-recommendations");
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual(
      [today, tomorrow].map((d) => `new-picks:${reader.id}:${d.toISOString().slice(0, 10)}`).sort(),
    );
  });

  it("leaves out a reader who has already seen their picks", async () => {
    const reader = await user();
    await recordSampleReading(reader.id, "climber", "climbing");
    invalidateRecsSnapshot();
    const { picks } = (await unseenPicks(reader.id, 10))!;
    // The library showed them every pick (impressions are events too).
    await db()
      .insert(recsEvents)
      .values(
        picks.map((p) => ({
          userId: reader.id,
          contentId: p.content_id,
          eventType: "impression" as const,
          ts: new Date(),
        })),
      );
    expect((await unseenPicks(reader.id, 10))!.unseen).toEqual([]);
    await notifyNewPicks();
    expect(await ofKind(reader.id, "new-recommendations")).toEqual([]);
  });
});
