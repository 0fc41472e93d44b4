import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { telemetrySnippetRaw, typingKeyStats } from "../../db/schema/index";
import { createUser } from "../../app/modules/auth/users.server";
import { defaultCorpus, loadSnippets } from "../../app/modules/typing/corpus.server";
import { PACK_KEYS } from "../../app/modules/typing/lesson-packs";
import { nextTypingLesson, typingCatalogEntries } from "../../app/modules/typing/lessons.server";
import { recordSimulatedHistory } from "../../app/modules/typing/simulated-history.server";
import { invalidateSnippetIndex } from "../../app/modules/typing/snippet-index.server";
import { keyStatsForUser } from "../../app/modules/typing/stats.server";

beforeAll(async () => {
  await loadSnippets((await defaultCorpus()).filter((c) => c.mode === "words"));
  invalidateSnippetIndex();
});

let n = 0;
async function newUser() {
  const user = await createUser({
    email: `lesson-${n++}-${Date.now()}@example.test`,
    displayName: "L",
    password: "long-password-1",
  });
  return user.id;
}

/** Key statistics as enrichment would leave them: `ms` smoothed time and miss rate per key. */
async function setKeyStats(
  userId: string,
  keys: Record<string, { ms: number; errorRate?: number; hits?: number }>,
) {
  await db()
    .insert(typingKeyStats)
    .values(
      Object.entries(keys).map(([gram, k]) => ({
        userId,
        gram,
        hits: k.hits ?? 60,
        misses: Math.round((k.hits ?? 60) * (k.errorRate ?? 0)),
        emaMs: k.ms,
        bestMs: k.ms,
        emaErrorRate: k.errorRate ?? 0,
      })),
    );
}

async function practisedAt(userId: string, at: Date) {
  await db().insert(telemetrySnippetRaw).values({ userId, payload: {}, receivedAt: at, enrichedAt: at });
}

const FAST = 200;

describe("nextTypingLesson", () => {
  it("starts a new typist on the home row", async () => {
    const lesson = await nextTypingLesson(await newUser());
    expect(lesson).toMatchObject({
      title: "Home row",
      href: "/typing?pack=home-row",
      minutes: 5,
      practisedToday: false,
      lastPractisedAt: null,
    });
    expect(lesson.keys).toEqual(expect.arrayContaining(["a", "s", "d", "f", "j", "k", "l"]));
    expect(lesson.reason).toMatch(/^Start here/);
  });

  it("names a simulated typist's weakest keys from their own statistics", async () => {
    const userId = await newUser();
    await recordSimulatedHistory(userId, { sessions: 6, seed: 7 });
    const lesson = await nextTypingLesson(userId);
    const stats = await keyStatsForUser(userId);
    expect(lesson.keys.length).toBeGreaterThan(0);
    for (const key of lesson.keys) {
      const s = stats.find((k) => k.key === key)!;
      expect(s.hits + s.misses).toBeGreaterThanOrEqual(20);
    }
    expect(lesson.reason).toMatch(/(slowest key|missed)/);
    expect(lesson.href).toMatch(/^\/typing(\?pack=[a-z-]+)?$/);
    // The history ends yesterday: practised, but not today.
    expect(lesson.practisedToday).toBe(false);
    expect(Date.parse(lesson.lastPractisedAt!)).toBeLessThan(Date.now() - 20 * 3600_000);
  });

  it("picks the pack that holds the slow keys, with the numbers in the reason", async () => {
    const userId = await newUser();
    await setKeyStats(userId, { q: { ms: 520 }, p: { ms: 480 }, a: { ms: FAST }, s: { ms: FAST } });
    const lesson = await nextTypingLesson(userId);
    expect(lesson).toMatchObject({ title: "Top row", href: "/typing?pack=top-row", keys: ["q", "p"] });
    expect(lesson.reason).toBe(
      "Your slowest keys: q, p (500 ms avg, target 343 ms). The top row pack drills them",
    );
  });

  it("falls back to the adaptive session when no pack holds the weak keys together", async () => {
    const userId = await newUser();
    await setKeyStats(userId, {
      z: { ms: 600 },
      q: { ms: FAST, errorRate: 0.2 },
      j: { ms: 450 },
      e: { ms: FAST },
    });
    const lesson = await nextTypingLesson(userId);
    // Weakest first: q (a 20% miss rate counts 0.5), z (600 ms: 0.43), j (450 ms: 0.24); one per row.
    expect(lesson).toMatchObject({ href: "/typing", keys: ["q", "z", "j"], minutes: 10 });
    expect(lesson.title).toBe("Adaptive practice: q, z, j");
    expect(lesson.reason).toBe(
      "Your slowest keys: z, j (525 ms avg, target 343 ms); most missed: q (20% missed)",
    );
  });

  it("moves a typist whose keys are at speed on to the least practised pack", async () => {
    const userId = await newUser();
    await setKeyStats(
      userId,
      Object.fromEntries([..."asdfghjkl;'qwertyuiopzxcvbnm,./"].map((k) => [k, { ms: FAST }])),
    );
    const lesson = await nextTypingLesson(userId);
    expect(lesson.href).toBe("/typing?pack=punctuation");
    expect(lesson.reason).toMatch(/^Your practised keys are at target speed \(200 ms avg\)/);
  });

  it("knows whether the typist practised today (their time zone's day)", async () => {
    const userId = await newUser();
    const now = new Date("2026-11-23T10:00:00Z");
    await practisedAt(userId, new Date("2026-11-22T23:30:00Z"));
    expect(await nextTypingLesson(userId, now)).toMatchObject({
      practisedToday: false,
      lastPractisedAt: "2026-11-22T23:30:00.000Z",
    });
    await practisedAt(userId, new Date("2026-11-23T08:00:00Z"));
    const lesson = await nextTypingLesson(userId, now);
    expect(lesson).toMatchObject({ practisedToday: true, lastPractisedAt: "2026-11-23T08:00:00.000Z" });
    // Some practice but no key with enough presses yet: the adaptive session, not "start here".
    expect(lesson.href).toBe("/typing");
  });
});

describe("typingCatalogEntries", () => {
  it("describes every pack as a library item", () => {
    const entries = typingCatalogEntries();
    expect(entries.map((e) => e.externalKey)).toEqual(PACK_KEYS.map((k) => `typing-pack:${k}`));
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(
        ["body", "description", "difficulty", "durationMin", "externalKey", "tags", "title", "url"].sort(),
      );
      expect(e.tags).toContain("typing");
      expect(e.difficulty).toBeGreaterThanOrEqual(1);
      expect(e.difficulty).toBeLessThanOrEqual(5);
      expect(e.url).toBe(`/typing?pack=${e.externalKey.slice("typing-pack:".length)}`);
      expect(e.body.length).toBeGreaterThan(e.description.length);
    }
    expect(entries.find((e) => e.externalKey === "typing-pack:french-accents")!.tags).toContain("french");
    expect(entries.find((e) => e.externalKey === "typing-pack:home-row")!.tags).toContain("home-row");
  });
});
