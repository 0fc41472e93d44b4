import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { analyticsSnapshots, cacheEntries, learnReviewLogs } from "../../db/schema";
import { invalidateOwner } from "../../app/lib/cache.server";
import { statistics } from "../../app/modules/learn/analytics/analytics.server";
import { cleanupAnalytics, snapshotAnalytics } from "../../app/modules/learn/analytics/snapshots.server";
import { recordSimulatedReviews } from "../../app/modules/learn/simulated-reviews.server";
import { ensureDefaultVocabulary } from "../../app/modules/learn/vocabulary.server";
import { createLearner } from "../support/learners";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

beforeAll(async () => {
  await ensureDefaultVocabulary();
});

describe("analytics snapshots", () => {
  it("fills finished days into snapshots on first read, then reads them; the daily job refreshes a day", async () => {
    const userId = await createLearner();
    const sim = await recordSimulatedReviews(userId, { seed: 3, days: 20, newPerDay: 10 });
    const first = (await statistics(userId, 30)).value;
    expect(first.days).toHaveLength(30);
    expect(first.days.reduce((s, d) => s + d.reviews, 0)).toBe(sim.reviews);
    const stored = await db().select().from(analyticsSnapshots).where(eq(analyticsSnapshots.userId, userId));
    expect(stored).toHaveLength(29);

    // A stored day is what the series shows (it is not recomputed)...
    const day = first.days.find((d) => d.reviews > 0)!.date;
    await db()
      .update(analyticsSnapshots)
      .set({ reviews: 9_999 })
      .where(and(eq(analyticsSnapshots.userId, userId), eq(analyticsSnapshots.day, day)));
    await invalidateOwner(userId);
    expect((await statistics(userId, 30)).value.days.find((d) => d.date === day)!.reviews).toBe(9_999);

    // ...until the snapshot job writes that day again from the raw logs.
    await snapshotAnalytics({ date: day, userId });
    await invalidateOwner(userId);
    const [{ n }] = (await db().execute(
      sql`select count(*)::int as n from learn_review_logs where user_id = ${userId}
        and (reviewed_at at time zone 'UTC')::date = ${day}::date`,
    )) as unknown as [{ n: number }];
    expect((await statistics(userId, 30)).value.days.find((d) => d.date === day)!.reviews).toBe(n);
  });

  it("the daily run snapshots yesterday for learners who practised, and only them", async () => {
    const active = await createLearner();
    const idle = await createLearner();
    await recordSimulatedReviews(active, { seed: 4, days: 3, newPerDay: 5 });
    const done = await snapshotAnalytics();
    expect(done.learners).toBeGreaterThanOrEqual(1);
    const rows = await db().execute<{ user_id: string }>(
      sql`select distinct user_id from analytics_snapshots`,
    );
    expect(rows.map((r) => r.user_id)).toContain(active);
    expect(rows.map((r) => r.user_id)).not.toContain(idle);
  });

  it("cleanup drops snapshots over a year old and expired cache entries", async () => {
    const userId = await createLearner();
    await db()
      .insert(analyticsSnapshots)
      .values([
        { userId, day: "2020-01-01", xp: 1, reviews: 1, recalled: 1, turns: 0, cleanTurns: 0, minutes: 1 },
        {
          userId,
          day: new Date().toISOString().slice(0, 10),
          xp: 1,
          reviews: 1,
          recalled: 1,
          turns: 0,
          cleanTurns: 0,
          minutes: 1,
        },
      ]);
    await db()
      .insert(cacheEntries)
      .values({ owner: userId, key: "old", value: {}, expiresAt: new Date(Date.now() - 1000) });
    const gone = await cleanupAnalytics();
    expect(gone.snapshots).toBeGreaterThanOrEqual(1);
    expect(gone.cacheEntries).toBeGreaterThanOrEqual(1);
    const left = await db().select().from(analyticsSnapshots).where(eq(analyticsSnapshots.userId, userId));
    expect(left.map((r) => r.day)).not.toContain("2020-01-01");
    expect(left).toHaveLength(1);
  });

  it("npm run learn:trigger-analytics writes a date's snapshots, and names bad arguments", async () => {
    const userId = await createLearner();
    await recordSimulatedReviews(userId, { seed: 5, days: 2, newPerDay: 5 });
    const [last] = await db()
      .select({ at: learnReviewLogs.reviewedAt })
      .from(learnReviewLogs)
      .where(eq(learnReviewLogs.userId, userId))
      .limit(1);
    const date = last!.at.toISOString().slice(0, 10);
    const env = { ...process.env, DATABASE_URL: process.env.PRAXIS_TEST_DATABASE_URL, LOG_LEVEL: "silent" };
    const script = ["--import", "tsx", "scripts/learn-trigger-analytics.ts"];
    const { stdout } = await run(process.execPath, [...script, "--date", date], { cwd: root, env });
    expect(stdout).toMatch(/wrote snapshots for \d+ learners?/);
    const [row] = await db()
      .select()
      .from(analyticsSnapshots)
      .where(and(eq(analyticsSnapshots.userId, userId), eq(analyticsSnapshots.day, date)));
    expect(row!.reviews).toBeGreaterThan(0);
    const bad = await run(process.execPath, [...script, "--date", "2026-13-45"], { cwd: root, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/date/);
  });
});
