import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookie, call, closeServerDb, createToken, serverDb, signup } from "../../support/http";

afterAll(closeServerDb);

interface QueueItem {
  kind: "due" | "new";
  word_id: number;
  french: string;
  english: string;
  card: { state: string; due: string; reps: number };
  intervals: Record<"again" | "hard" | "good" | "easy", { due: string; label: string }>;
}
interface Queue {
  items: QueueItem[];
  counts: Record<string, number>;
  next_due_at: string | null;
}

let token: string;
let userId: string;

async function newLearner(profile: Record<string, unknown> = {}) {
  const { cookie } = await signup();
  const t = await createToken(cookie);
  const id = ((await (await call("/api/me", { token: t })).json()) as { user: { id: string } }).user.id;
  const saved = await call("/api/v1/learn/profile", {
    method: "PUT",
    token: t,
    json: { cefr_level: "A1", daily_new_limit: 5, timezone: "Europe/Paris", ...profile },
  });
  expect(saved.status).toBe(200);
  return { token: t, userId: id };
}

async function queue(t = token): Promise<Queue> {
  const response = await call("/api/v1/progress/queue", { token: t });
  expect(response.status).toBe(200);
  return (await response.json()) as Queue;
}

async function reviewCount(id: string) {
  const sql = await serverDb();
  const [row] = await sql`select count(*)::int as n from learn_review_logs where user_id = ${id}`;
  return row!.n as number;
}

beforeAll(async () => {
  ({ token, userId } = await newLearner());
});

describe("learner profile", () => {
  it("asks for a level before there is a queue, then saves and returns the profile", async () => {
    const { cookie } = await signup();
    const t = await createToken(cookie);
    const before = await call("/api/v1/progress/queue", { token: t });
    expect(before.status).toBe(409);
    expect((await before.json()).errors[0].path).toBe("profile");
    expect((await call("/api/v1/learn/profile", { token: t })).status).toBe(404);

    const bad = await call("/api/v1/learn/profile", {
      method: "PUT",
      token: t,
      json: { cefr_level: "Z9", daily_new_limit: -1, desired_retention: 1.5, timezone: "Mars/Olympus" },
    });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()).errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(["cefr_level", "daily_new_limit", "desired_retention", "timezone"]);

    const saved = await call("/api/v1/learn/profile", {
      method: "PUT",
      token: t,
      json: { cefr_level: "B1", timezone: "America/New_York" },
    });
    expect(await saved.json()).toEqual({
      profile: {
        cefr_level: "B1",
        daily_new_limit: 20,
        daily_review_limit: 200,
        desired_retention: 0.9,
        timezone: "America/New_York",
        personalised_fsrs: false,
      },
    });
  });
});

describe("GET /api/v1/progress/queue", () => {
  it("offers new words in frequency order within the daily new limit, with each rating's interval", async () => {
    const q = await queue();
    expect(q.items).toHaveLength(5);
    expect(q.items.every((i) => i.kind === "new" && i.card.state === "new")).toBe(true);
    expect(q.items.map((i) => i.french).slice(0, 3)).toEqual(["de", "la", "le"]);
    const first = q.items[0]!;
    const dues = (["again", "hard", "good", "easy"] as const).map((r) => Date.parse(first.intervals[r].due));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(first.intervals.again.label).toBe("1m");
    expect(q.counts).toMatchObject({ due: 0, new_today: 0, new_left_today: 5 });
  });

  it("starts a B2 learner at B2 words, not at 'de'", async () => {
    const b2 = await newLearner({ cefr_level: "B2" });
    const q = await queue(b2.token);
    const sql = await serverDb();
    const levels = await sql`select distinct cefr_level from vocabulary_words
      where id in ${sql(q.items.map((i) => i.word_id))}`;
    expect(levels.map((l) => l.cefr_level)).toEqual(["B2"]);
  });
});

describe("POST /api/v1/progress/review", () => {
  it("schedules with FSRS, puts learning cards back in the queue and grows the interval on success", async () => {
    const learner = await newLearner();
    const [word] = (await queue(learner.token)).items;
    const first = await call("/api/v1/progress/review", {
      token: learner.token,
      json: { word_id: word!.word_id, rating: 2 },
    });
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body.card.state).toBe("learning");
    expect(Date.parse(body.next_review)).toBeCloseTo(Date.parse(word!.intervals.good.due), -4);

    // A learning step (10 minutes) is within the 20-minute learn-ahead: the card is due again now.
    const again = await queue(learner.token);
    expect(again.items[0]).toMatchObject({ kind: "due", word_id: word!.word_id });
    expect(again.counts).toMatchObject({ new_today: 1, new_left_today: 4 });

    const second = await call("/api/v1/progress/review", {
      token: learner.token,
      json: { word_id: word!.word_id, rating: 2 },
    });
    const graduated = await second.json();
    expect(graduated.card.state).toBe("review");
    expect(graduated.card.scheduled_days).toBeGreaterThanOrEqual(1);

    const progress = await (await call(`/api/v1/progress/${word!.word_id}`, { token: learner.token })).json();
    expect(progress.card).toMatchObject({ state: "review", reps: 2, lapses: 0 });
    expect(progress.card.retrievability).toBeGreaterThan(0.9);
    expect(progress.reviews.map((r: { rating: number }) => r.rating)).toEqual([2, 2]);
  });

  it("is idempotent on client_review_id", async () => {
    const learner = await newLearner();
    const [word] = (await queue(learner.token)).items;
    const json = { word_id: word!.word_id, rating: 1, client_review_id: randomUUID() };
    const a = await call("/api/v1/progress/review", { token: learner.token, json });
    const b = await call("/api/v1/progress/review", { token: learner.token, json });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    const [ra, rb] = [await a.json(), await b.json()];
    expect(rb).toMatchObject({ review_id: ra.review_id, next_review: ra.next_review, duplicate: true });
    expect(await reviewCount(learner.userId)).toBe(1);
  });

  it("accepts an early review and schedules it as FSRS says", async () => {
    const learner = await newLearner();
    const [word] = (await queue(learner.token)).items;
    for (const rating of [3, 3]) {
      const r = await call("/api/v1/progress/review", {
        token: learner.token,
        json: { word_id: word!.word_id, rating },
      });
      expect(r.status).toBe(201);
    }
    const progress = await (await call(`/api/v1/progress/${word!.word_id}`, { token: learner.token })).json();
    expect(progress.card.reps).toBe(2);
  });

  it("names each bad field and stores nothing", async () => {
    const before = await reviewCount(userId);
    const bad = await call("/api/v1/progress/review", {
      token,
      json: { word_id: "seven", rating: 4, direction: "sideways" },
    });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()).errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(["direction", "rating", "word_id"]);
    const negative = await call("/api/v1/progress/review", { token, json: { word_id: 1, rating: -1 } });
    expect(negative.status).toBe(400);
    const unknown = await call("/api/v1/progress/review", {
      token,
      json: { word_id: 99_999_999, rating: 2 },
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).errors[0].path).toBe("word_id");
    expect(await reviewCount(userId)).toBe(before);
  });
});

describe("undo and access", () => {
  it("undo puts the card back exactly as it was, and a new word back among the new ones", async () => {
    const learner = await newLearner();
    const [word] = (await queue(learner.token)).items;
    await call("/api/v1/progress/review", {
      token: learner.token,
      json: { word_id: word!.word_id, rating: 2 },
    });
    await call("/api/v1/progress/review", {
      token: learner.token,
      json: { word_id: word!.word_id, rating: 2 },
    });
    const mid = await (await call(`/api/v1/progress/${word!.word_id}`, { token: learner.token })).json();

    await call("/api/v1/progress/review", {
      token: learner.token,
      json: { word_id: word!.word_id, rating: 0 },
    });
    const undo = await call("/api/v1/progress/review/undo", { token: learner.token, json: {} });
    expect(undo.status).toBe(200);
    expect((await undo.json()).undone).toMatchObject({ word_id: word!.word_id, rating: 0 });
    const after = await (await call(`/api/v1/progress/${word!.word_id}`, { token: learner.token })).json();
    expect(after.card).toEqual({ ...mid.card, retrievability: after.card.retrievability });
    expect(after.card.lapses).toBe(0);

    await call("/api/v1/progress/review/undo", { token: learner.token, json: {} });
    await call("/api/v1/progress/review/undo", { token: learner.token, json: {} });
    const fresh = await queue(learner.token);
    expect(fresh.items[0]).toMatchObject({ kind: "new", word_id: word!.word_id });
    const none = await call("/api/v1/progress/review/undo", { token: learner.token, json: {} });
    expect(none.status).toBe(404);
  });

  it("refuses another user's progress (403) unless the caller is an admin", async () => {
    const other = await newLearner();
    for (const [path, json] of [
      [`/api/v1/progress/queue?user_id=${other.userId}`, undefined],
      [`/api/v1/progress/1?user_id=${other.userId}`, undefined],
      ["/api/v1/progress/review", { word_id: 1, rating: 2, user_id: other.userId }],
      ["/api/v1/progress/review/undo", { user_id: other.userId }],
    ] as const) {
      const response = await call(path, { token, json });
      expect(response.status, path).toBe(403);
      expect((await response.json()).errors[0].path).toBe("user_id");
    }
    const admin = await call(`/api/v1/progress/queue?user_id=${other.userId}`, {
      cookie: await adminCookie(),
    });
    expect(admin.status).toBe(200);
  });
});
