import { describe, expect, it } from "vitest";
import { call, createToken, signup } from "../../support/http";

interface Mine {
  stats: { xp_total: number; streak_current: number; sessions_completed: number };
  achievements: { key: string; unlocked_at: string | null; progress: number }[];
}

async function learner() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  await call("/api/v1/learn/profile", { method: "PUT", token, json: { cefr_level: "A1", timezone: "UTC" } });
  return token;
}
const mine = async (token: string) =>
  (await (await call("/api/v1/achievements/my", { token })).json()) as Mine;

describe("/api/v1/achievements", () => {
  it("lists every achievement in the seed's categories", async () => {
    const token = await learner();
    const body = (await (await call("/api/v1/achievements", { token })).json()) as {
      achievements: { key: string; category: string }[];
    };
    expect(new Set(body.achievements.map((a) => a.category))).toEqual(
      new Set(["session", "streak", "vocabulary", "xp", "accuracy"]),
    );
    expect(body.achievements.map((a) => a.key)).toContain("streak-30");
    expect((await call("/api/v1/achievements")).status).toBe(401);
  });

  it("a flashcard review earns XP and starts a streak; undo takes the XP back", async () => {
    const token = await learner();
    expect((await mine(token)).stats).toMatchObject({ xp_total: 0, streak_current: 0 });
    const queue = (await (await call("/api/v1/progress/queue", { token })).json()) as {
      items: { word_id: number }[];
    };
    await call("/api/v1/progress/review", { token, json: { word_id: queue.items[0]!.word_id, rating: 2 } });
    expect((await mine(token)).stats).toMatchObject({ xp_total: 1, streak_current: 1 });
    await call("/api/v1/progress/review/undo", { token, json: {} });
    expect((await mine(token)).stats.xp_total).toBe(0);
  });

  it("completing a first session unlocks 'First conversation', shown with its date; a manual check finds nothing new", async () => {
    const token = await learner();
    const created = (await (await call("/api/v1/sessions", { token, json: {} })).json()) as {
      session: { id: string };
    };
    await call(`/api/v1/sessions/${created.session.id}/messages`, { token, json: { content: "Bonjour !" } });
    const done = (await (
      await call(`/api/v1/sessions/${created.session.id}/complete`, { token, json: {} })
    ).json()) as {
      achievements_unlocked: { key: string; title: string }[];
    };
    expect(done.achievements_unlocked.map((a) => a.key)).toEqual(["session-1"]);
    const progress = await mine(token);
    expect(progress.stats.sessions_completed).toBe(1);
    expect(progress.achievements.find((a) => a.key === "session-1")!.unlocked_at).not.toBeNull();
    expect(progress.achievements.find((a) => a.key === "session-10")!.progress).toBeCloseTo(0.1, 10);
    const check = await call("/api/v1/achievements/check", { token, json: {} });
    expect(check.status).toBe(200);
    expect(await check.json()).toEqual({ unlocked: [] });
  });
});

describe("/api/v1/notifications", () => {
  it("lists mine (none for a new learner) and refuses to mark an unknown one read", async () => {
    const token = await learner();
    expect(await (await call("/api/v1/notifications", { token })).json()).toEqual({
      notifications: [],
      unread_count: 0,
    });
    const r = await call("/api/v1/notifications/00000000-0000-4000-8000-000000000000/read", {
      token,
      json: {},
    });
    expect(r.status).toBe(404);
    expect((await call("/api/v1/notifications/nope/read", { token, json: {} })).status).toBe(404);
  });
});
