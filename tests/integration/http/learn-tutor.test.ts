import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { call, closeServerDb, createToken, serverDb, signup } from "../../support/http";

afterAll(closeServerDb);

interface TurnResult {
  session: { id: string; turns: number; xp: number; status: string; mode: string };
  reply: { content: string; provider: string };
  xp_awarded: number;
  feedback: {
    errors: {
      start: number;
      end: number;
      text: string;
      category: string;
      suggestion: string;
      source: string;
    }[];
    drill: { word_id: number; verdict: string; expected: string } | null;
    implicit_reviews: { word_id: number; rating: number; source: string }[];
    words_used: { word_id: number; french: string; correct: boolean }[];
  };
  duplicate: boolean;
}

async function learner(profile: Record<string, unknown> | null = {}) {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  if (profile)
    expect(
      (
        await call("/api/v1/learn/profile", {
          method: "PUT",
          token,
          json: { cefr_level: "A1", timezone: "Europe/Paris", daily_new_limit: 10, ...profile },
        })
      ).status,
    ).toBe(200);
  return token;
}

async function start(token: string, body: Record<string, unknown> = {}) {
  const response = await call("/api/v1/sessions", { token, json: { planned_minutes: 10, ...body } });
  expect(response.status).toBe(201);
  return (await response.json()) as {
    session: { id: string; mode: string; topic: string };
    messages: { content: string; provider: string }[];
  };
}

const say = (token: string, id: string, json: Record<string, unknown>) =>
  call(`/api/v1/sessions/${id}/messages`, { token, json });

async function currentDrill(sessionId: string) {
  const sql = await serverDb();
  const [row] = await sql<{ drill: { french: string; wordId: number; kind: string } }[]>`
    select drill from tutor_messages where session_id = ${sessionId} and role = 'tutor' order by seq desc limit 1`;
  return row!.drill;
}

describe("tutoring sessions, offline tutor (no LLM key)", () => {
  it("needs a level first, then opens with a drill on today's first word", async () => {
    const noProfile = await learner(null);
    expect((await call("/api/v1/sessions", { token: noProfile, json: {} })).status).toBe(409);

    const token = await learner();
    const { session, messages } = await start(token);
    expect(session.mode).toBe("offline");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.provider).toBe("offline");
    // The most frequent A1 word is "de" ("from, of"): the first drill asks for it.
    expect(messages[0]!.content).toMatch(/Comment dit-on « from » en français \?/);
    expect((await currentDrill(session.id)).french).toBe("de");
    const list = (await (await call("/api/v1/sessions", { token })).json()) as { tutor: { mode: string } };
    expect(list.tutor.mode).toBe("offline");
  });

  it("checks the drill answer, counts it as a review, awards XP and asks the next question", async () => {
    const token = await learner();
    const { session } = await start(token);
    const drill = await currentDrill(session.id);
    const response = await say(token, session.id, { content: drill.french });
    expect(response.status).toBe(201);
    const turn = (await response.json()) as TurnResult;
    expect(turn.feedback.drill).toEqual({
      word_id: drill.wordId,
      verdict: "correct",
      expected: drill.french,
    });
    expect(turn.feedback.implicit_reviews).toContainEqual({
      word_id: drill.wordId,
      rating: 2,
      source: "drill",
    });
    expect(turn.xp_awarded).toBe(10);
    expect(turn.reply.content).toMatch(/^Très bien !/);
    expect(turn.session).toMatchObject({ turns: 1, xp: 10 });
    const progress = await call(`/api/v1/progress/${drill.wordId}`, { token });
    expect(((await progress.json()) as { card: { reps: number } }).card.reps).toBe(1);

    // A wrong answer to the next drill is Again.
    const next = await currentDrill(session.id);
    const wrong = (await (await say(token, session.id, { content: "zzz" })).json()) as TurnResult;
    expect(wrong.feedback.drill).toMatchObject({ word_id: next.wordId, verdict: "wrong" });
    expect(wrong.reply.content).toMatch(/Pas tout à fait/);
  });

  it("marks mistakes with spans, categories and suggestions, and recasts them", async () => {
    const token = await learner();
    const { session } = await start(token);
    const text = "Le homme mange une pomme et nous mange du pain.";
    const turn = (await (await say(token, session.id, { content: text })).json()) as TurnResult;
    const brief = turn.feedback.errors.map((e) => [
      e.category,
      text.slice(e.start, e.end),
      e.suggestion,
      e.source,
    ]);
    expect(brief).toEqual([
      ["elision", "Le homme", "L'homme", "checker"],
      ["conjugation", "mange", "mangeons", "checker"],
    ]);
    expect(turn.reply.content).toContain("Petite correction : « Le homme » → « L'homme »");
    const stored = (await (await call(`/api/v1/sessions/${session.id}`, { token })).json()) as {
      messages: { role: string; errors: unknown[] }[];
    };
    expect(stored.messages.map((m) => m.role)).toEqual(["tutor", "learner", "tutor"]);
    expect(stored.messages[1]!.errors).toHaveLength(2);
  });

  it("still teaches a learner with no words due and none new today", async () => {
    const token = await learner({ daily_new_limit: 0 });
    const { messages, session } = await start(token);
    expect(messages[0]!.content).toMatch(/\?$/);
    const turn = (await (
      await say(token, session.id, { content: "Je suis allé au marché." })
    ).json()) as TurnResult;
    expect(turn.feedback.drill).toBeNull();
    expect(turn.feedback.errors).toEqual([]);
    expect(turn.reply.content).toMatch(/\?$/);
  });

  it("refuses bad messages by field, other learners' sessions, and closed sessions", async () => {
    const token = await learner();
    const { session } = await start(token);
    for (const content of ["", "   ", "é".repeat(10_240)]) {
      const r = await say(token, session.id, { content });
      expect(r.status).toBe(400);
      const body = (await r.json()) as { errors: { path: string }[] };
      expect(body.errors.map((e) => e.path)).toEqual(["content"]);
    }
    expect((await say(token, session.id, { content: "Salut", suggested_words: ["x"] })).status).toBe(400);
    const other = await learner();
    expect((await say(other, session.id, { content: "Salut" })).status).toBe(403);
    expect((await call(`/api/v1/sessions/${session.id}`, { token: other })).status).toBe(403);
    expect((await say(token, randomUUID(), { content: "Salut" })).status).toBe(404);
    expect((await say(token, "not-a-session", { content: "Salut" })).status).toBe(404);
    const bad = await call("/api/v1/sessions", { token, json: { scenario: "moon", planned_minutes: 0 } });
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      "planned_minutes",
      "scenario",
    ]);

    await say(token, session.id, { content: "Bonjour" });
    const done = await call(`/api/v1/sessions/${session.id}/complete`, { token, json: {} });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { summary: { turns: number; xp_bonus: number } }).summary).toMatchObject({
      turns: 1,
      xp_bonus: 12,
    });
    expect((await call(`/api/v1/sessions/${session.id}/complete`, { token, json: {} })).status).toBe(409);
    expect((await say(token, session.id, { content: "Encore ?" })).status).toBe(409);
  });

  it("is idempotent on client_message_id", async () => {
    const token = await learner();
    const { session } = await start(token, { scenario: "cafe" });
    const first = await say(token, session.id, {
      content: "Un café, s'il vous plaît.",
      client_message_id: "m-1",
    });
    expect(first.status).toBe(201);
    const again = await say(token, session.id, {
      content: "Un café, s'il vous plaît.",
      client_message_id: "m-1",
    });
    expect(again.status).toBe(200);
    const [a, b] = [(await first.json()) as TurnResult, (await again.json()) as TurnResult];
    expect(b.duplicate).toBe(true);
    expect(b.reply).toEqual(a.reply);
    const sql = await serverDb();
    const [count] = await sql<
      { n: number }[]
    >`select count(*)::int as n from tutor_messages where session_id = ${session.id}`;
    expect(count!.n).toBe(3);
  });
});
