import { afterAll, describe, expect, it } from "vitest";
import { call, closeServerDb, createToken, serverDb, signup } from "../../support/http";

afterAll(closeServerDb);

async function reader() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  return { cookie, token, id: me.user.id };
}

interface StoryJson {
  id: string;
  text: string;
  saved: boolean;
  shared: boolean;
  sharedAt: string | null;
}

async function writeStory(token: string): Promise<StoryJson> {
  const response = await call("/api/stories", {
    token,
    json: { prompt: "The lighthouse keeper looked at the sea.", maxTokens: 30, seed: 5, stream: false },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { story: StoryJson }).story;
}

const save = (token: string, id: string, json?: unknown) =>
  call(`/api/stories/${id}/save`, json === undefined ? { token, method: "POST" } : { token, json });

async function libraryItemOf(externalKey: string): Promise<string | null> {
  const sql = await serverDb();
  const [row] = await sql<{ id: string }[]>`select id from content_items where external_key = ${externalKey}`;
  return row?.id ?? null;
}

const escaped = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/'/g, "&#x27;")
    .replace(/"/g, "&quot;");

describe("sharing a story in the library", () => {
  it("validates the save body and names the bad field", async () => {
    const me = await reader();
    const story = await writeStory(me.token);
    for (const [body, path] of [
      [{ shared: "yes" }, "shared"],
      [{ shared: true, public: true }, "public"],
    ] as const) {
      const r = await save(me.token, story.id, body);
      expect(r.status).toBe(400);
      const problem = (await r.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors.map((e) => e.path)).toEqual([path]);
    }
    // Nothing changed: the story is still an unsaved, unshared draft.
    const sql = await serverDb();
    const [row] = await sql<{ saved_at: Date | null; shared_at: Date | null }[]>`
      select saved_at, shared_at from stories where id = ${story.id}`;
    expect(row).toEqual({ saved_at: null, shared_at: null });
    // The original call (no body) still saves without sharing.
    const plain = await save(me.token, story.id);
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { story: StoryJson }).story).toMatchObject({
      saved: true,
      shared: false,
    });
  });

  it("lists a shared story for other readers to read in the library only, and takes it out again", async () => {
    const writer = await reader();
    const other = await reader();
    const story = await writeStory(writer.token);
    expect(await libraryItemOf(`story:${story.id}`)).toBeNull();

    const shared = await save(writer.token, story.id, { shared: true });
    expect(shared.status).toBe(200);
    const sharedStory = ((await shared.json()) as { story: StoryJson }).story;
    expect(sharedStory).toMatchObject({ saved: true, shared: true });
    expect(sharedStory.sharedAt).not.toBeNull();
    expect(
      (
        (await (await call(`/api/stories/${story.id}`, { token: writer.token })).json()) as {
          story: StoryJson;
        }
      ).story.shared,
    ).toBe(true);

    const itemId = await libraryItemOf(`story:${story.id}`);
    expect(itemId).not.toBeNull();
    // Another reader: the story API stays the writer's, the library page shows the text.
    expect((await call(`/api/stories/${story.id}`, { token: other.token })).status).toBe(404);
    const page = await call(`/library/${itemId}`, { cookie: other.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(escaped(story.text.trim().split("\n")[0]!.slice(0, 40)));
    expect(html).not.toContain("Open it in Stories");
    // Its writer gets a way back to their own copy.
    expect(await (await call(`/library/${itemId}`, { cookie: writer.cookie })).text()).toContain(
      "Open it in Stories",
    );
    // The item is in the catalog API's terms too.
    const sql = await serverDb();
    const [item] = await sql<{ type: string; url: string; tags: string[] }[]>`
      select type, url, tags from content_items where id = ${itemId}`;
    expect(item).toMatchObject({ type: "story", url: `/library/${itemId}` });
    expect(item!.tags[0]).toBe("stories");

    // Unshared: gone from the library at once, still saved for the writer.
    const unshared = await save(writer.token, story.id, { shared: false });
    expect(((await unshared.json()) as { story: StoryJson }).story).toMatchObject({
      saved: true,
      shared: false,
    });
    expect(await libraryItemOf(`story:${story.id}`)).toBeNull();
    expect((await call(`/library/${itemId}`, { cookie: other.cookie })).status).toBe(404);

    // Shared again, then deleted: it leaves the library with it.
    await save(writer.token, story.id, { shared: true });
    expect(await libraryItemOf(`story:${story.id}`)).not.toBeNull();
    expect((await call(`/api/stories/${story.id}`, { token: writer.token, method: "DELETE" })).status).toBe(
      204,
    );
    expect(await libraryItemOf(`story:${story.id}`)).toBeNull();
  });
});

describe("practice in other modules teaches the library's recommender", () => {
  it("a finished role-play is a completion of its scenario item, and the feed offers more conversations", async () => {
    const me = await reader();
    expect(
      (
        await call("/api/v1/learn/profile", {
          method: "PUT",
          token: me.token,
          json: { cefr_level: "A1", timezone: "Europe/Paris", daily_new_limit: 10 },
        })
      ).status,
    ).toBe(200);
    const started = await call("/api/v1/sessions", { token: me.token, json: { scenario: "market" } });
    expect(started.status).toBe(201);
    const { session } = (await started.json()) as { session: { id: string } };
    const turn = await call(`/api/v1/sessions/${session.id}/messages`, {
      token: me.token,
      json: { content: "Je voudrais un kilo de tomates." },
    });
    expect(turn.status).toBe(201);
    expect(
      (await call(`/api/v1/sessions/${session.id}/complete`, { token: me.token, json: {} })).status,
    ).toBe(200);

    const sql = await serverDb();
    const events = await sql<{ event_type: string; external_key: string }[]>`
      select e.event_type, c.external_key from recs_events e join content_items c on c.id = e.content_id
      where e.user_id = ${me.id}`;
    expect(events).toEqual([{ event_type: "complete", external_key: "scenario:market" }]);

    // A role-play with no turns is not practice: nothing is recorded.
    const idle = (await (
      await call("/api/v1/sessions", { token: me.token, json: { scenario: "cafe" } })
    ).json()) as { session: { id: string } };
    await call(`/api/v1/sessions/${idle.session.id}/complete`, { token: me.token, json: {} });
    const [count] = await sql<{ n: number }[]>`
      select count(*)::int as n from recs_events where user_id = ${me.id}`;
    expect(count!.n).toBe(1);

    const feed = await call(`/api/recommend/${me.id}?k=5`, { token: me.token });
    expect(feed.status).toBe(200);
    const { items } = (await feed.json()) as { items: { type: string; tags: string[]; reason: string }[] };
    const conversations = items.filter((i) => i.type === "scenario");
    expect(conversations.length).toBeGreaterThanOrEqual(2);
    expect(conversations[0]!.reason).toBe("Because you finished “At the market”");
  });
});
