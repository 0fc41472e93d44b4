import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { call, closeServerDb, createToken, form, serverDb, signup } from "../../support/http";

afterAll(closeServerDb);

interface NotificationJson {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}
interface ListJson {
  notifications: NotificationJson[];
  unread_count: number;
}

async function learner() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  return { cookie, token, id: me.user.id };
}

/**
 * Notifications as the producers write them (streak reminders, achievements, new picks), straight into the
 * server's database: the producers themselves are tested in notifications-producers.test.ts.
 */
async function seed(userId: string) {
  const sql = await serverDb();
  const rows = [
    ["streak-reminder", "Keep your 2-day streak", "/learn", "3 hours", null],
    ["achievement", "Achievement unlocked: 500 XP", "/learn/achievements", "2 hours", null],
    ["achievement", "Achievement unlocked: First conversation", "/learn/achievements", "4 hours", "1 hour"],
    ["new-recommendations", "5 new picks for you", "/library", "1 hour", null],
  ] as const;
  for (const [kind, title, link, age, readAgo] of rows)
    await sql`insert into notifications (user_id, kind, title, body, link, dedupe_key, created_at, read_at)
      values (${userId}, ${kind}, ${title}, 'Body', ${link}, ${`test:${randomUUID()}`},
        now() - ${age}::interval, ${readAgo ? sql`now() - ${readAgo}::interval` : null})`;
}

async function list(token: string, query = ""): Promise<ListJson> {
  const response = await call(`/api/v1/notifications${query}`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as ListJson;
}
const titles = (l: ListJson) => l.notifications.map((n) => n.title);

describe("GET /api/v1/notifications", () => {
  it("lists mine unread first, newest first, with the unread count, and filters by unread and kind", async () => {
    const me = await learner();
    const other = await learner();
    await seed(me.id);
    await seed(other.id);

    const all = await list(me.token);
    expect(all.unread_count).toBe(3);
    expect(titles(all)).toEqual([
      "5 new picks for you",
      "Achievement unlocked: 500 XP",
      "Keep your 2-day streak",
      "Achievement unlocked: First conversation",
    ]);
    expect(all.notifications[0]).toMatchObject({
      kind: "new-recommendations",
      link: "/library",
      read_at: null,
    });
    expect(all.notifications[3]!.read_at).not.toBeNull();

    const unread = await list(me.token, "?unread=true");
    expect(titles(unread)).toEqual(titles(all).slice(0, 3));
    expect(unread.unread_count).toBe(3);
    expect(titles(await list(me.token, "?unread=false"))).toEqual(titles(all));

    expect(titles(await list(me.token, "?kind=achievement"))).toEqual([
      "Achievement unlocked: 500 XP",
      "Achievement unlocked: First conversation",
    ]);
    expect(titles(await list(me.token, "?kind=achievement&unread=true"))).toEqual([
      "Achievement unlocked: 500 XP",
    ]);
    expect(titles(await list(me.token, "?limit=2"))).toEqual(titles(all).slice(0, 2));
    // The count is of everything unread, whatever the filter.
    expect((await list(me.token, "?kind=streak-reminder")).unread_count).toBe(3);
  });

  it("answers bad query input with 400 naming each field", async () => {
    const { token } = await learner();
    for (const [query, field] of [
      ["?unread=yes", "unread"],
      ["?kind=birthday", "kind"],
      ["?limit=0", "limit"],
      ["?limit=many", "limit"],
    ] as const) {
      const response = await call(`/api/v1/notifications${query}`, { token });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
      const problem = (await response.json()) as { status: number; errors: { path: string }[] };
      expect(problem.status).toBe(400);
      expect(problem.errors.map((e) => e.path)).toEqual([field]);
    }
    const both = await call("/api/v1/notifications?unread=1&kind=x", { token });
    expect(((await both.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      "kind",
      "unread",
    ]);
  });

  it("needs a signed-in user", async () => {
    expect((await call("/api/v1/notifications")).status).toBe(401);
    expect((await call("/api/v1/notifications/read-all", { json: {} })).status).toBe(401);
  });
});

describe("POST /api/v1/notifications/:id/read and /read-all", () => {
  it("marks one of mine read (again is fine) and never another user's", async () => {
    const me = await learner();
    const other = await learner();
    await seed(me.id);
    const [first] = (await list(me.token, "?unread=true")).notifications;

    const stranger = await call(`/api/v1/notifications/${first!.id}/read`, { token: other.token, json: {} });
    expect(stranger.status).toBe(404);
    expect((await list(me.token)).unread_count).toBe(3);

    const response = await call(`/api/v1/notifications/${first!.id}/read`, { token: me.token, json: {} });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: first!.id, read: true, unread_count: 2 });
    const after = await list(me.token);
    const readAt = after.notifications.find((n) => n.id === first!.id)!.read_at;
    expect(readAt).not.toBeNull();
    // Marking it again keeps the first time it was read.
    await call(`/api/v1/notifications/${first!.id}/read`, { token: me.token, json: {} });
    expect((await list(me.token)).notifications.find((n) => n.id === first!.id)!.read_at).toBe(readAt);

    expect(
      (await call(`/api/v1/notifications/${randomUUID()}/read`, { token: me.token, json: {} })).status,
    ).toBe(404);
    expect((await call("/api/v1/notifications/nope/read", { token: me.token, json: {} })).status).toBe(404);
    expect((await call(`/api/v1/notifications/${first!.id}/read`, { token: me.token })).status).toBe(405);
  });

  it("marks all of mine read, or all of one kind, leaving other users' alone", async () => {
    const me = await learner();
    const other = await learner();
    await seed(me.id);
    await seed(other.id);

    const achievements = await call("/api/v1/notifications/read-all?kind=achievement", {
      token: me.token,
      json: {},
    });
    expect(achievements.status).toBe(200);
    expect(await achievements.json()).toEqual({ marked_read: 1, unread_count: 2 });
    expect(titles(await list(me.token, "?unread=true"))).toEqual([
      "5 new picks for you",
      "Keep your 2-day streak",
    ]);

    const all = await call("/api/v1/notifications/read-all", { token: me.token, json: {} });
    expect(await all.json()).toEqual({ marked_read: 2, unread_count: 0 });
    expect((await list(me.token, "?unread=true")).notifications).toEqual([]);
    expect(
      await (await call("/api/v1/notifications/read-all", { token: me.token, json: {} })).json(),
    ).toEqual({
      marked_read: 0,
      unread_count: 0,
    });
    expect((await list(other.token)).unread_count).toBe(3);

    const bad = await call("/api/v1/notifications/read-all?kind=birthday", { token: me.token, json: {} });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("kind");
    expect((await call("/api/v1/notifications/read-all", { token: me.token })).status).toBe(405);
  });
});

describe("the notification centre page", () => {
  it("shows the bell count and the list, and marks read with plain form posts", async () => {
    const me = await learner();
    await seed(me.id);
    const page = async (path = "/notifications") => {
      const response = await call(path, { cookie: me.cookie });
      expect(response.status).toBe(200);
      return response.text();
    };
    const html = await page();
    expect(html).toContain('aria-label="Notifications, 3 unread"');
    expect(html).toContain("5 new picks for you");
    expect(html).toContain("Achievement unlocked: First conversation");
    expect(await page("/notifications?unread=true")).not.toContain(
      "Achievement unlocked: First conversation",
    );

    const [first] = (await list(me.token, "?unread=true")).notifications;
    const post = (fields: Record<string, string>, path = "/notifications") =>
      call(path, {
        cookie: me.cookie,
        body: form(fields),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    const read = await post({ intent: "read", id: first!.id }, "/notifications?unread=true");
    expect(read.status).toBe(302);
    expect(read.headers.get("location")).toBe("/notifications?unread=true");
    expect(await page()).toContain('aria-label="Notifications, 2 unread"');

    expect((await post({ intent: "read", id: randomUUID() })).status).toBe(404);
    expect((await post({ intent: "shout" })).status).toBe(400);

    expect((await post({ intent: "read-all" })).status).toBe(302);
    const done = await page();
    expect(done).toContain('aria-label="Notifications"');
    expect(done).toContain("Nothing unread.");
    expect((await list(me.token)).unread_count).toBe(0);
  });
});
