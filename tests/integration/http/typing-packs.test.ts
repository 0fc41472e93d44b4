import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lessonPack, packFit } from "../../../app/modules/typing/lesson-packs";
import { call, closeServerDb, createToken, serverDb, signup } from "../../support/http";
import { waitFor } from "../../support/wait";

afterAll(closeServerDb);

interface Next {
  policy: string;
  pack?: { key: string; title: string; keys: string[] };
  snippets: { id: string; text: string; mode: string; reason: string; drills: string[] }[];
}

async function newUser() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  const userId = ((await (await call("/api/me", { token })).json()) as { user: { id: string } }).user.id;
  return { cookie, token, userId };
}

/** A learner who has reviewed `n` French words through the learn API. */
async function learnerWithWords(n: number) {
  const user = await newUser();
  const saved = await call("/api/v1/learn/profile", {
    method: "PUT",
    token: user.token,
    json: { cefr_level: "A1", daily_new_limit: 20, timezone: "UTC" },
  });
  expect(saved.status).toBe(200);
  const queue = (await (await call("/api/v1/progress/queue", { token: user.token })).json()) as {
    items: { word_id: number; french: string }[];
  };
  const words = queue.items.slice(0, n);
  for (const w of words) {
    const r = await call("/api/v1/progress/review", {
      token: user.token,
      json: { word_id: w.word_id, rating: 3 },
    });
    expect(r.status).toBe(201);
  }
  return { ...user, words: words.map((w) => w.french) };
}

async function next(token: string, query: string): Promise<Next> {
  const response = await call(`/api/snippets/next?${query}`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as Next;
}

let user: Awaited<ReturnType<typeof newUser>>;
beforeAll(async () => {
  user = await newUser();
});

describe("GET /api/snippets/next?pack=", () => {
  it("serves the snippets densest in the pack's keys", async () => {
    const home = lessonPack("home-row")!;
    const body = await next(user.token, "pack=home-row&count=5");
    expect(body.policy).toBe("pack");
    expect(body.pack).toEqual({ key: "home-row", title: "Home row", keys: home.keys });
    expect(body.snippets).toHaveLength(5);
    for (const s of body.snippets) {
      expect(packFit(s.text, home).share).toBeGreaterThanOrEqual(home.minShare);
      expect(s.reason).toMatch(/^Home row: \d+% of its keys/);
      expect(s.drills.every((k) => home.keys.includes(k))).toBe(true);
    }
    // Far denser in home-row keys than the adaptive picks for the same typist.
    const adaptive = await next(user.token, "count=5");
    const mean = (b: Next) =>
      b.snippets.reduce((s, x) => s + packFit(x.text, home).share, 0) / b.snippets.length;
    expect(mean(body)).toBeGreaterThan(mean(adaptive) + 0.05);

    const capitals = await next(user.token, "pack=capitals&count=3&mode=sentences");
    expect(capitals.snippets).toHaveLength(3);
    for (const s of capitals.snippets) {
      expect(s.mode).toBe("sentences");
      expect(packFit(s.text, lessonPack("capitals")!).share).toBeGreaterThanOrEqual(0.05);
    }
  });

  it("names an unknown pack in a 400", async () => {
    const response = await call("/api/snippets/next?pack=numbers", { token: user.token });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(["pack"]);
    expect(body.errors[0].message).toContain("home-row");
  });

  it("serves French sentences with accents for someone not learning French", async () => {
    const body = await next(user.token, "pack=french-accents&count=5");
    expect(body.snippets).toHaveLength(5);
    for (const s of body.snippets) {
      expect(packFit(s.text, lessonPack("french-accents")!).share).toBeGreaterThan(0.04);
      expect(s.reason).not.toContain("your French words");
    }
    // The pack's own sentences stay out of the English adaptive practice.
    const sql = await serverDb();
    const ids = body.snippets.map((s) => s.id);
    const rows = await sql`select source, owner_id from snippets where id = any(${ids})`;
    expect(rows.every((r) => r.source === "pack:french-accents" && r.owner_id === null)).toBe(true);
    for (const mode of ["words", "sentences"]) {
      const adaptive = await next(user.token, `mode=${mode}&count=20`);
      expect(adaptive.snippets.some((s) => ids.includes(s.id))).toBe(false);
    }
  });
});

describe("the French drill from the learner's words", () => {
  it("builds the learner's own snippets from their words, and the accents pack puts them first", async () => {
    const learner = await learnerWithWords(6);
    const page = await call("/typing?drill=french", { cookie: learner.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("French accents, from your own French words.");

    const sql = await serverDb();
    const own =
      await sql`select id, text, owner_id, mode from snippets where source = ${`french:${learner.userId}`}`;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((s) => s.owner_id === learner.userId && s.mode === "sentences")).toBe(true);
    // Every word the learner reviewed is in the drill, as itself or through its example sentence.
    const drillText = own.map((s) => s.text as string).join(" ");
    const wordsInDrill = learner.words.filter((w) => drillText.includes(w));
    expect(wordsInDrill.length).toBeGreaterThanOrEqual(Math.min(learner.words.length, 5));
    // The page serves them: the first snippet's reason names the learner's words.
    expect(html).toMatch(/data-testid="snippet-reason">(Example for “|Your French words)/);

    // Building it again reuses the same rows.
    await call("/typing?drill=french", { cookie: learner.cookie });
    const again =
      await sql`select count(*)::int as n from snippets where source = ${`french:${learner.userId}`}`;
    expect(again[0]!.n).toBe(own.length);

    const pack = await next(learner.token, "pack=french-accents&count=8");
    const ownIds = new Set(own.map((s) => s.id as string));
    const first = pack.snippets.findIndex((s) => !ownIds.has(s.id));
    // The learner's snippets (those with any accent at all) come before the pack's stock sentences.
    const accented = own.filter((s) => packFit(s.text, lessonPack("french-accents")!).share > 0).length;
    expect(first === -1 || first >= Math.min(accented, 8)).toBe(true);

    // Nobody else is served the learner's snippets.
    const other = await newUser();
    const theirs = await next(other.token, "pack=french-accents&count=20");
    expect(theirs.snippets.some((s) => ownIds.has(s.id))).toBe(false);
  });

  it("tells someone with no French words where to start, without an error", async () => {
    const page = await call("/typing?drill=french", { cookie: user.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("No French words yet");
    expect(html).toMatch(/href="\/learn"[^>]*>Start learning French/);
  });
});

describe("telemetry in a pack, with accented keys", () => {
  it("stores accented keystrokes, updates their key statistics and records the pack as practised once a day", async () => {
    const typist = await newUser();
    const sql = await serverDb();
    const [item] = await sql`
      insert into content_items (type, title, description, difficulty, duration_min, external_key, url)
      values ('typing_pack', 'Typing lesson: French accents', 'test item', 4, 10, 'typing-pack:french-accents',
        '/typing?pack=french-accents')
      on conflict (external_key) do update set title = excluded.title
      returning id`;
    const { snippets } = await next(typist.token, "pack=french-accents&count=2");
    const session = (
      await (await call("/api/typing/sessions", { token: typist.token, json: { mode: "sentences" } })).json()
    ).session.id as string;
    const rawIds: string[] = [];
    for (const [position, s] of snippets.entries()) {
      let t = 0;
      const keystrokes = [...s.text].map((c) => ({
        key: c,
        expected: c,
        t: (t += /[éèêàçùâîôœ]/.test(c) ? 700 : 160),
        correct: true,
      }));
      const response = await call("/api/telemetry/snippet", {
        token: typist.token,
        json: {
          snippet: {
            snippet_id: s.id,
            session_id: session,
            wpm: 40,
            accuracy: 1,
            position,
            difficulty: 5,
            started_at: new Date(Date.now() - 30_000).toISOString(),
            completed_at: new Date().toISOString(),
          },
          user_state: { user_id: typist.userId },
          keystrokes,
          pack: "french-accents",
        },
      });
      expect(response.status).toBe(201);
      rawIds.push((await response.json()).raw_id);
    }
    await waitFor(
      "enrichment",
      async () =>
        (
          await sql`select count(*)::int as n from telemetry_snippet_raw where id = any(${rawIds}) and enriched_at is not null`
        )[0]!.n === rawIds.length,
    );
    const stats = await sql`
      select gram, hits, ema_ms from typing_key_stats where user_id = ${typist.userId} and gram in ('é', 'à', 'è', 'ê', 'ô', 'ç')`;
    expect(stats.length).toBeGreaterThan(0);
    for (const s of stats) expect(s.ema_ms).toBeGreaterThan(300);
    // Two snippets in the pack today: one "complete" event on the pack's catalog item.
    const events = await sql`
      select event_type from recs_events where user_id = ${typist.userId} and content_id = ${item!.id}`;
    expect(events.map((e) => e.event_type)).toEqual(["complete"]);
  });

  it("refuses an unknown pack in telemetry and stores nothing", async () => {
    const typist = await newUser();
    const response = await call("/api/telemetry/snippet", {
      token: typist.token,
      json: {
        snippet: {
          snippet_id: "00000000-0000-4000-8000-000000000000",
          session_id: "00000000-0000-4000-8000-000000000000",
          wpm: 40,
          accuracy: 1,
          position: 0,
          difficulty: 5,
          started_at: "2026-11-20T12:00:00Z",
          completed_at: "2026-11-20T12:00:20Z",
        },
        user_state: { user_id: typist.userId },
        pack: "numbers",
      },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.map((e: { path: string }) => e.path)).toEqual(["pack"]);
    const sql = await serverDb();
    const [row] =
      await sql`select count(*)::int as n from telemetry_snippet_raw where user_id = ${typist.userId}`;
    expect(row!.n).toBe(0);
  });
});
