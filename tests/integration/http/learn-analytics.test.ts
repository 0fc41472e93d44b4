import { describe, expect, it } from "vitest";
import { adminCookie, call, createToken, signup } from "../../support/http";

async function learner() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  await call("/api/v1/learn/profile", {
    method: "PUT",
    token,
    json: { cefr_level: "A1", timezone: "Asia/Tokyo" },
  });
  const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  return { token, userId: me.user.id };
}

async function get<T>(
  token: string,
  path: string,
): Promise<{ body: T; cache: string | null; status: number }> {
  const r = await call(path, { token });
  return { body: (await r.json()) as T, cache: r.headers.get("x-cache"), status: r.status };
}

async function review(token: string, rating: number) {
  const queue = (await (await call("/api/v1/progress/queue", { token })).json()) as {
    items: { word_id: number }[];
  };
  const r = await call("/api/v1/progress/review", {
    token,
    json: { word_id: queue.items[0]!.word_id, rating, duration_ms: 90_000 },
  });
  expect(r.status).toBe(201);
}

interface Summary {
  xp: { total: number; today: number };
  reviews: { done_today: number };
  streak: { current: number };
  tutor: { accuracy: number | null };
}
interface Stats {
  days: {
    date: string;
    xp: number;
    reviews: number;
    recall_rate: number | null;
    minutes: number;
    turns: number;
  }[];
}

describe("/api/v1/analytics", () => {
  it("summarises and charts a day of practice in the learner's time zone, cached until the next write", async () => {
    const { token } = await learner();
    await review(token, 2);
    await review(token, 0);
    const first = await get<Summary>(token, "/api/v1/analytics/summary");
    expect(first.cache).toBe("miss");
    expect(first.body).toMatchObject({
      xp: { total: 2, today: 2 },
      reviews: { done_today: 2 },
      streak: { current: 1 },
    });
    expect((await get<Summary>(token, "/api/v1/analytics/summary")).cache).toBe("hit");

    const stats = await get<Stats>(token, "/api/v1/analytics/statistics?days=7");
    expect(stats.body.days).toHaveLength(7);
    const today = stats.body.days.at(-1)!;
    expect(today).toMatchObject({ reviews: 2, recall_rate: 0.5, xp: 2, minutes: 3 });
    // Today's date is Tokyo's.
    const tokyo = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date());
    expect(today.date).toBe(tokyo);

    // A review clears the cache: the next read is fresh.
    await review(token, 3);
    const after = await get<Summary>(token, "/api/v1/analytics/summary");
    expect(after.cache).toBe("miss");
    expect(after.body.xp.total).toBe(3);
  });

  it("gives a year of days for the heatmap, mastery by state, and the most frequent mistakes", async () => {
    const { token } = await learner();
    const session = (await (await call("/api/v1/sessions", { token, json: {} })).json()) as {
      session: { id: string };
    };
    for (const content of ["Le homme mange.", "Je vois le homme.", "Nous mange du pain."])
      await call(`/api/v1/sessions/${session.session.id}/messages`, { token, json: { content } });
    const streak = await get<{ current: number; calendar: { date: string; xp: number; turns: number }[] }>(
      token,
      "/api/v1/analytics/streak",
    );
    expect(streak.body.calendar).toHaveLength(365);
    expect(streak.body.calendar.at(-1)).toMatchObject({ turns: 3 });
    expect(streak.body.current).toBe(1);

    const errors = await get<{
      by_category: { category: string; count: number }[];
      most_frequent: { text: string; suggestion: string; count: number }[];
    }>(token, "/api/v1/analytics/errors");
    expect(errors.body.by_category).toEqual([
      { category: "elision", count: 2 },
      { category: "conjugation", count: 1 },
    ]);
    expect(errors.body.most_frequent[0]).toMatchObject({ text: "le homme", suggestion: "l'homme", count: 2 });

    const vocab = await get<{ states: Record<string, number>; by_level: { level: string; words: number }[] }>(
      token,
      "/api/v1/analytics/vocabulary",
    );
    expect(vocab.body.states.new).toBeGreaterThan(2_000);
    expect(vocab.body.by_level.map((l) => l.level)).toContain("A1");
  });

  it("validates the query by field, and shows another learner's analytics to admins only", async () => {
    const { token, userId } = await learner();
    const bad = await call("/api/v1/analytics/statistics?days=3", { token });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "days",
    ]);
    const other = await learner();
    expect((await call(`/api/v1/analytics/summary?user_id=${userId}`, { token: other.token })).status).toBe(
      403,
    );
    const admin = await adminCookie();
    expect((await call(`/api/v1/analytics/summary?user_id=${userId}`, { cookie: admin })).status).toBe(200);
    expect((await call("/api/v1/analytics/summary")).status).toBe(401);
  });
});
