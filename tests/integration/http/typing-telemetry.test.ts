import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookie, call, closeServerDb, createToken, serverDb, signup } from "../../support/http";
import { waitFor } from "../../support/wait";

afterAll(closeServerDb);

let token: string;
let userId: string;
let sessionId: string;
let snippetId: string;
let snippetText: string;

beforeAll(async () => {
  const { cookie } = await signup();
  token = await createToken(cookie);
  userId = ((await (await call("/api/me", { token })).json()) as { user: { id: string } }).user.id;
  const created = await call("/api/typing/sessions", { token, json: { mode: "words" } });
  expect(created.status).toBe(201);
  sessionId = ((await created.json()) as { session: { id: string } }).session.id;
  const sql = await serverDb();
  const [row] = await sql`select id, text from snippets where mode = 'words' order by content_hash limit 1`;
  snippetId = row!.id;
  snippetText = row!.text;
});

function keystrokesFor(text: string, msPerKey = 180) {
  return [...text].map((expected, i) => ({ key: expected, expected, t: (i + 1) * msPerKey, correct: true }));
}

function payload(overrides: Record<string, unknown> = {}, snippet: Record<string, unknown> = {}) {
  return {
    snippet: {
      snippet_id: snippetId,
      session_id: sessionId,
      wpm: 62.5,
      accuracy: 0.97,
      position: 0,
      difficulty: 4.2,
      started_at: "2026-11-20T12:00:00",
      completed_at: "2026-11-20T12:00:20Z",
      ...snippet,
    },
    user_state: { user_id: userId },
    keystrokes: keystrokesFor(snippetText),
    ...overrides,
  };
}

async function rawCount() {
  const sql = await serverDb();
  const [row] = await sql`select count(*)::int as n from telemetry_snippet_raw where user_id = ${userId}`;
  return row!.n as number;
}

describe("POST /api/telemetry/snippet", () => {
  it("stores the raw payload, enqueues enrichment and the job enriches it", async () => {
    const response = await call("/api/telemetry/snippet", { token, json: payload() });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", enqueued: true, duplicate: false });
    expect(body.raw_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.job_id).toBeTruthy();

    const sql = await serverDb();
    await waitFor(
      "enrichment",
      async () =>
        (await sql`select enriched_at from telemetry_snippet_raw where id = ${body.raw_id}`)[0]?.enriched_at,
    );
    const usage =
      await sql`select wpm, accuracy, keystrokes, errors from snippet_usage where raw_id = ${body.raw_id}`;
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ wpm: 62.5, keystrokes: snippetText.length, errors: 0 });
    const stats =
      await sql`select gram, hits, ema_ms from typing_key_stats where user_id = ${userId} and length(gram) = 1`;
    expect(stats.length).toBeGreaterThan(3);
    expect(stats.every((s) => Math.abs(s.ema_ms - 180) < 1e-6)).toBe(true);
    const sessions = await (await call("/api/typing/sessions", { token })).json();
    expect(sessions.sessions[0]).toMatchObject({
      id: sessionId,
      snippetsCompleted: 1,
      wpm: 62.5,
      durationMs: 20_000,
    });
  });

  it("stores one row for a repeated client_event_id and returns the first raw_id", async () => {
    const before = await rawCount();
    const event = randomUUID();
    const first = await (
      await call("/api/telemetry/snippet", { token, json: payload({ client_event_id: event }) })
    ).json();
    const again = await call("/api/telemetry/snippet", {
      token,
      json: payload({ client_event_id: event }, { wpm: 99 }),
    });
    expect(again.status).toBe(200);
    const second = await again.json();
    expect(second.raw_id).toBe(first.raw_id);
    expect(second.duplicate).toBe(true);
    expect(await rawCount()).toBe(before + 1);
  });

  // Bodies are built lazily: the snippet and session exist only after beforeAll.
  const badCases: [string, () => unknown, number, string[]][] = [
    [
      "missing fields",
      () => ({ snippet: { snippet_id: "x" }, user_state: {} }),
      400,
      ["snippet.session_id", "snippet.wpm", "user_state.user_id"],
    ],
    [
      "wrong types",
      () => payload({}, { wpm: "fast", position: 1.5 }),
      400,
      ["snippet.wpm", "snippet.position"],
    ],
    ["negative wpm", () => payload({}, { wpm: -1 }), 400, ["snippet.wpm"]],
    ["NaN wpm (as JSON can carry it)", () => payload({}, { wpm: "NaN" }), 400, ["snippet.wpm"]],
    ["accuracy above 1", () => payload({}, { accuracy: 1.5 }), 400, ["snippet.accuracy"]],
    [
      "completed before started",
      () => payload({}, { completed_at: "2026-11-20T11:59:00Z" }),
      400,
      ["snippet.completed_at"],
    ],
    ["unknown snippet", () => payload({}, { snippet_id: randomUUID() }), 422, ["snippet.snippet_id"]],
    ["unknown session", () => payload({}, { session_id: randomUUID() }), 422, ["snippet.session_id"]],
    [
      "another user's id",
      () => payload({ user_state: { user_id: randomUUID() } }),
      403,
      ["user_state.user_id"],
    ],
    ["unknown field", () => payload({ extra: true }), 400, ["extra"]],
    [
      "too many keystrokes",
      () =>
        payload({
          keystrokes: Array.from({ length: 5001 }, (_, i) => ({
            key: "a",
            expected: "a",
            t: i,
            correct: true,
          })),
        }),
      400,
      ["keystrokes"],
    ],
  ];
  for (const [name, body, status, paths] of badCases) {
    it(`refuses ${name} with ${status}, naming the fields, storing nothing`, async () => {
      const before = await rawCount();
      const response = await call("/api/telemetry/snippet", { token, json: body() });
      expect(response.status).toBe(status);
      const problem = await response.json();
      for (const p of paths) expect(problem.errors.map((e: { path: string }) => e.path)).toContain(p);
      expect(await rawCount()).toBe(before);
    });
  }

  it("refuses a 10 MB body with 413 and stores nothing", async () => {
    const before = await rawCount();
    const response = await call("/api/telemetry/snippet", {
      token,
      json: payload({ client_event_id: "x".repeat(10_000_000) }),
    });
    expect(response.status).toBe(413);
    expect(await rawCount()).toBe(before);
  });

  it("refuses a session that belongs to someone else", async () => {
    const other = await signup();
    const otherToken = await createToken(other.cookie);
    const otherId = (
      (await (await call("/api/me", { token: otherToken })).json()) as { user: { id: string } }
    ).user.id;
    const response = await call("/api/telemetry/snippet", {
      token: otherToken,
      json: payload({ user_state: { user_id: otherId } }),
    });
    expect(response.status).toBe(422);
  });

  it("answers each of many concurrent posts correctly (they share group commits)", async () => {
    const before = await rawCount();
    const event = randomUUID();
    const bodies = [
      ...Array.from({ length: 30 }, () => payload()),
      ...Array.from({ length: 5 }, () => payload({ client_event_id: event })),
      payload({}, { snippet_id: randomUUID() }),
    ];
    const responses = await Promise.all(
      bodies.map((json) => call("/api/telemetry/snippet", { token, json })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(422);
    const repeated = await Promise.all(responses.slice(30, 35).map((r) => r.json()));
    expect(new Set(repeated.map((r) => r.raw_id)).size).toBe(1);
    expect(repeated.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await rawCount()).toBe(before + 31);
  });

  it("lets an admin record telemetry for a user", async () => {
    const response = await call("/api/telemetry/snippet", { cookie: await adminCookie(), json: payload() });
    expect(response.status).toBe(201);
  });
});
