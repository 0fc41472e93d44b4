import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { contentItems, recsEvents, recsProfiles, users } from "../../db/schema";
import { itemJson, listItems, markQuiz, submitQuiz, topTags } from "../../app/modules/recs/catalog.server";
import { authenticate, createUser } from "../../app/modules/auth/users.server";
import { loadSample, recordSampleReading } from "../../app/modules/recs/sample-loader.server";
import { invalidateRecsSnapshot, recommendationsFor } from "../../app/modules/recs/recommend.server";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const count = async (table: typeof contentItems | typeof recsEvents | typeof recsProfiles) =>
  (
    await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
  )[0]!.n;

describe("recs sample data", () => {
  it("loads users in cohorts, the catalog and events; a second run stores nothing new", async () => {
    const first = await loadSample({ users: 40, items: 30, events: 1_500, seed: 7 });
    expect(first).toEqual({ users: 40, items: 30, events: 1_500, eventsStored: 1_500 });
    expect(await count(contentItems)).toBe(30);
    expect(await count(recsProfiles)).toBe(40);
    expect(await count(recsEvents)).toBe(1_500);
    const quizzes = await db().select().from(contentItems).where(eq(contentItems.type, "quiz"));
    expect(quizzes.length).toBeGreaterThan(0);
    expect((quizzes[0]!.quiz as unknown[]).length).toBeGreaterThanOrEqual(3);
    const again = await loadSample({ users: 40, items: 30, events: 1_500, seed: 7 });
    expect(again).toEqual({ users: 40, items: 30, events: 1_500, eventsStored: 0 });
    expect(await count(recsEvents)).toBe(1_500);
    // Simulated people cannot log in.
    const [someone] = await db().select().from(users).where(eq(users.email, "sample-7-user-1@praxis.local"));
    expect(someone).toBeDefined();
    expect(await authenticate("sample-7-user-1@praxis.local", "")).toBeNull();
  });

  it("runs as npm run recs:sample with options, and refuses bad ones", async () => {
    const env = { ...process.env, DATABASE_URL: process.env.PRAXIS_TEST_DATABASE_URL, LOG_LEVEL: "silent" };
    const script = ["--import", "tsx", "scripts/recs-sample.ts"];
    const { stdout } = await run(
      process.execPath,
      [...script, "--users", "10", "--items", "12", "--events", "300", "--seed", "9"],
      {
        cwd: root,
        env,
      },
    );
    expect(stdout).toMatch(/^sample seed 9: 10 users, 12 items, 300 events \(300 new\)/);
    const bad = await run(process.execPath, [...script, "--users", "0"], { cwd: root, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--users/);
  });

  it("browses by type and tag, searches full text, and never sends quiz answers to the page", async () => {
    await loadSample({ users: 20, items: 60, events: 500, seed: 11 });
    const all = await listItems({ limit: 100, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(60);
    const quizzes = await listItems({ type: "quiz", limit: 100, offset: 0 });
    expect(quizzes.items.every((i) => i.type === "quiz")).toBe(true);
    const [tag] = await topTags(1);
    const tagged = await listItems({ tag: tag!.tag, limit: 100, offset: 0 });
    expect(tagged.total).toBe(tag!.items);
    expect(tagged.items.every((i) => i.tags.includes(tag!.tag))).toBe(true);
    const hits = await listItems({ q: "binary search", limit: 100, offset: 0 });
    expect(hits.total).toBeGreaterThan(0);
    for (const i of hits.items) expect(`${i.title} ${i.description}`).toMatch(/binary/i);
    expect((await listItems({ q: "zzzyzzy", limit: 10, offset: 0 })).total).toBe(0);
    const quiz = quizzes.items[0]!;
    expect(JSON.stringify(itemJson(quiz))).not.toContain('"answer"');
    const right = (quiz.quiz as { answer: number }[]).map((q) => q.answer);
    expect(markQuiz(quiz, right).every((m) => m.correct)).toBe(true);
    expect(
      markQuiz(
        quiz,
        right.map((a) => (a + 1) % 3),
      ).some((m) => m.correct),
    ).toBe(false);
  });

  it("records a quiz attempt as one quiz_answer per question and a completion, only when every question is answered", async () => {
    await loadSample({ users: 5, items: 12, events: 50, seed: 13 });
    const reader = await createUser({
      email: "quiz@example.test",
      displayName: "Q",
      password: "long-password-1",
    });
    const quiz = (await listItems({ type: "quiz", limit: 1, offset: 0 })).items[0]!;
    const right = (quiz.quiz as { answer: number }[]).map((q) => q.answer);
    expect(await submitQuiz(reader, quiz, right.slice(1))).toBeNull();
    expect(
      await submitQuiz(
        reader,
        quiz,
        right.map(() => 7),
      ),
    ).toBeNull();
    const wrongFirst = [(right[0]! + 1) % 3, ...right.slice(1)];
    expect((await submitQuiz(reader, quiz, wrongFirst))!.right).toBe(right.length - 1);
    const events = await db().select().from(recsEvents).where(eq(recsEvents.userId, reader.id));
    expect(events.filter((e) => e.eventType === "quiz_answer").map((e) => e.value)).toEqual([
      0,
      ...right.slice(1).map(() => 1),
    ]);
    expect(events.filter((e) => e.eventType === "complete")).toHaveLength(1);
  });

  it("gives a demo reader a history in one topic, so their feed follows from it", async () => {
    await loadSample({ users: 30, items: 80, events: 600, seed: 21 });
    const reader = await createUser({
      email: "reader@example.com",
      displayName: "Reader",
      password: "correct horse 1",
    });
    expect(await recordSampleReading(reader.id, "climber", "climbing")).toBe(5 * 3 + 3);
    expect(await recordSampleReading(reader.id, "climber", "climbing")).toBe(0);
    invalidateRecsSnapshot();
    const feed = await recommendationsFor(reader, reader.id, 6);
    expect(feed.items).toHaveLength(6);
    expect(feed.items.some((i) => i.reason.startsWith("Because you finished"))).toBe(true);
    expect(feed.items.filter((i) => i.tags.includes("climbing")).length).toBeGreaterThanOrEqual(3);
  });
});
