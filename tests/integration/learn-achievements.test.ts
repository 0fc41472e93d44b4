import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { tutorMessages, tutorSessions, xpEvents } from "../../db/schema";
import {
  checkAchievements,
  myAchievements,
  seedAchievements,
} from "../../app/modules/learn/achievements/achievements.server";
import { recordSimulatedReviews } from "../../app/modules/learn/simulated-reviews.server";
import { ensureDefaultVocabulary } from "../../app/modules/learn/vocabulary.server";
import { createLearner } from "../support/learners";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const learner = (timezone = "UTC") => createLearner({ timezone });
const keys = (list: { key: string }[]) => list.map((a) => a.key).sort();

/** Completed sessions with one learner message each; `withErrors` of them carry a correction. */
async function completedSessions(userId: string, count: number, withErrors: number) {
  for (let i = 0; i < count; i++) {
    const [s] = await db()
      .insert(tutorSessions)
      .values({
        userId,
        topic: "t",
        cefrLevel: "A1",
        plannedMinutes: 5,
        status: "completed",
        completedAt: new Date(),
      })
      .returning();
    const [m] = await db()
      .insert(tutorMessages)
      .values({ sessionId: s!.id, seq: 1, role: "learner", content: "Le homme" })
      .returning();
    if (i < withErrors)
      await db()
        .execute(sql`insert into tutor_errors (message_id, user_id, start, "end", text, category, suggestion, explanation, source)
        values (${m!.id}, ${userId}, 0, 8, 'Le homme', 'elision', 'L''homme', 'x', 'checker')`);
  }
}

beforeAll(async () => {
  await ensureDefaultVocabulary();
  await seedAchievements();
});

describe("achievements", () => {
  it("seeding is idempotent", async () => {
    expect(await seedAchievements()).toEqual({ upserted: 13 });
    const [row] = await db().execute<{ n: number }>(sql`select count(*)::int as n from achievements`);
    expect(row!.n).toBe(13);
  });

  it("unlock at their thresholds (XP, streaks in the learner's time zone, words learned), once", async () => {
    const userId = await learner("Pacific/Auckland");
    expect(await checkAchievements(userId)).toEqual([]);
    // 499 XP is not 500.
    await db().insert(xpEvents).values({ userId, source: "turn", amount: 499 });
    expect(await checkAchievements(userId)).toEqual([]);
    await db().insert(xpEvents).values({ userId, source: "turn", amount: 1 });
    expect(keys(await checkAchievements(userId))).toEqual(["xp-500"]);
    expect(await checkAchievements(userId)).toEqual([]);

    // Three consecutive Auckland days, two days ago to today (at local noon).
    for (const daysAgo of [2, 1, 0])
      await db().execute(sql`insert into xp_events (user_id, source, amount, created_at)
        values (${userId}, 'review', 1, ((now() at time zone 'Pacific/Auckland')::date - ${daysAgo}::int + time '12:00') at time zone 'Pacific/Auckland')`);
    const mine = await myAchievements(userId);
    expect(mine.stats).toMatchObject({ streak_current: 3, streak_longest: 3, xp_total: 503 });
    expect(keys(await checkAchievements(userId))).toEqual(["streak-3"]);
    const streak7 = mine.achievements.find((a) => a.key === "streak-7")!;
    expect(streak7).toMatchObject({ value: 3, unlocked_at: null });
    expect(streak7.progress).toBeCloseTo(3 / 7, 10);
  });

  it("counts words learned from FSRS review-state cards", async () => {
    const userId = await learner();
    await recordSimulatedReviews(userId, { seed: 7, days: 40, newPerDay: 10 });
    const { stats } = await myAchievements(userId);
    expect(stats.words_learned).toBeGreaterThanOrEqual(200);
    expect(keys(await checkAchievements(userId))).toEqual(
      expect.arrayContaining(["vocabulary-50", "vocabulary-200"]),
    );
  });

  it("accuracy needs 100 completed sessions with at least 95% of messages uncorrected", async () => {
    const precise = await learner();
    await completedSessions(precise, 100, 5);
    expect(keys(await checkAchievements(precise))).toEqual([
      "accuracy-95",
      "session-1",
      "session-10",
      "session-50",
    ]);
    const sloppy = await learner();
    await completedSessions(sloppy, 100, 6);
    expect(keys(await checkAchievements(sloppy))).not.toContain("accuracy-95");
    expect((await myAchievements(sloppy)).stats.accuracy).toBeCloseTo(0.94, 10);
  });

  it("npm run learn:trigger-achievements checks one learner, and refuses a bad id", async () => {
    const userId = await learner();
    await db().insert(xpEvents).values({ userId, source: "turn", amount: 600 });
    const env = { ...process.env, DATABASE_URL: process.env.PRAXIS_TEST_DATABASE_URL, LOG_LEVEL: "silent" };
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/learn-trigger-achievements.ts", "--user-id", userId],
      { cwd: root, env },
    );
    expect(stdout).toMatch(/unlocked: 500 XP/);
    const bad = await run(
      process.execPath,
      ["--import", "tsx", "scripts/learn-trigger-achievements.ts", "--user-id", "x"],
      {
        cwd: root,
        env,
      },
    ).catch((e: { code: number }) => e);
    expect(bad).toMatchObject({ code: 2 });
  });
});
