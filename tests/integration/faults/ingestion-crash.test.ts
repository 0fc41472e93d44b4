import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { PgBoss } from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../../../app/modules/auth/users.server";
import { loadSnippets } from "../../../app/modules/typing/corpus.server";
import { enrichRaw } from "../../../app/modules/typing/enrichment.server";
import { startSession } from "../../../app/modules/typing/sessions.server";
import { getDbHandle } from "../../../db/client";
import { tempDataDir } from "../../../db/embedded";
import { observeKeystrokes, type Keystroke } from "../../../ml/typing/key-stats";
import {
  IngestLedger,
  runIngestWorkers,
  sendIngest,
  type Answered,
  type IngestRequest,
  type Unanswered,
} from "../../support/ingest-load";
import { startServerProcess, stopServerProcess, type ServerProcess } from "../../support/server-process";
import { waitFor } from "../../support/wait";

/**
 * Fault: the server is SIGKILLed while typing telemetry and library events pour in, then restarted on the
 * same database. Every write the server acknowledged must be there exactly once; the client's retry queue
 * (everything unanswered, plus re-sends of acknowledged requests) must be absorbed idempotently; and the
 * enrichment jobs the crash left queued or running must run after the restart and count each row once.
 *
 * The test owns the database (this file's, cloned from the migrated template), so it can look at what is
 * durable while the app is dead.
 */
const ENRICH_QUEUE = "typing.enrich";
const TELEMETRY_WORKERS = 8;
const EVENT_WORKERS = 3;
const EVENTS_PER_BATCH = 4;
const KILL_AFTER = { telemetry: 300, events: 100 };
const EVENT_TYPES = ["impression", "click", "view", "complete"] as const;

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

/** The `n` of a `select count(*)::int as n` query. */
async function countOf(query: PromiseLike<readonly { n?: unknown }[]>): Promise<number> {
  return Number((await query)[0]!.n);
}

interface Telemetry {
  client_event_id: string;
  snippet: { session_id: string; started_at: string; completed_at: string };
  keystrokes: Keystroke[];
}

/** A typist's keystrokes for a text, with a wrong key and its correction now and then. */
function keystrokesFor(text: string, stepMs: number): Keystroke[] {
  const out: Keystroke[] = [];
  let t = 0;
  [...text].forEach((c, i) => {
    if (i % 9 === 4) {
      out.push({ key: c === "x" ? "z" : "x", expected: c, t: (t += stepMs), correct: false });
      out.push({ key: "Backspace", expected: c, t: (t += stepMs), correct: false });
    }
    out.push({ key: c, expected: c, t: (t += stepMs), correct: true });
  });
  return out;
}

async function signUp(server: ServerProcess): Promise<{ token: string; userId: string }> {
  const signup = await fetch(`${server.url}/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({
      email: `crash-${randomUUID().slice(0, 8)}@example.test`,
      displayName: "Crash Typist",
      password: "survive-the-crash",
    }),
    redirect: "manual",
  });
  expect(signup.status).toBe(302);
  const cookie = signup.headers
    .getSetCookie()
    .map((h) => h.split(";")[0]!)
    .find((p) => p.startsWith("praxis_session="))!;
  const created = await fetch(`${server.url}/api/tokens`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "crash client" }),
  });
  expect(created.status).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const me = (await (
    await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })
  ).json()) as { user: { id: string } };
  return { token, userId: me.user.id };
}

describe("SIGKILL during telemetry and event ingestion", () => {
  it("keeps every acknowledged write exactly once, absorbs the retries and enriches each row once", async () => {
    const dir = path.dirname(await tempDataDir("praxis-ingest-crash-"));
    cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
    const sql = getDbHandle().sql;
    const env = {
      DATABASE_URL: getDbHandle().url,
      SESSION_SECRET: "ingest-crash-secret-0123456789abcdef",
      COOKIE_SECURE: "false",
      LOG_LEVEL: "warn",
    };

    // --- the first server, a learner, typing sessions, snippets and library items ---
    const first = await startServerProcess(env, path.join(dir, "first.log"));
    cleanup.push(() => stopServerProcess(first, "SIGKILL"));
    const { token, userId } = await signUp(first);
    const sessions: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${first.url}/api/typing/sessions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ mode: "words" }),
      });
      expect(r.status).toBe(201);
      sessions.push(((await r.json()) as { session: { id: string } }).session.id);
    }
    const snippets = await sql<{ id: string; text: string }[]>`
      select id, text from snippets where mode = 'words' order by content_hash limit 6`;
    expect(snippets).toHaveLength(6);
    const items = (
      await sql<{ id: string }[]>`
        insert into content_items (type, title, description, difficulty, duration_min)
        values ('article', 'Crash safety', 'WAL', 2, 5), ('video', 'Fsync', 'Disks', 3, 8),
               ('quiz', 'Idempotency', 'Keys', 2, 4)
        returning id`
    ).map((r) => r.id);

    let seq = 0;
    const telemetryProducer = (worker: number) => (): IngestRequest => {
      const n = seq++;
      const snippet = snippets[n % snippets.length]!;
      const keystrokes = keystrokesFor(snippet.text, 110 + (n % 7) * 15);
      const started = Date.UTC(2026, 10, 20, 12, 0, 0) + n * 60_000;
      const id = `tel-${randomUUID()}`;
      return {
        kind: "telemetry",
        path: "/api/telemetry/snippet",
        ids: [id],
        body: {
          snippet: {
            snippet_id: snippet.id,
            session_id: sessions[worker % sessions.length],
            wpm: 40 + (n % 40),
            accuracy: 0.9 + (n % 10) / 100,
            position: n % 1_000,
            difficulty: 3,
            started_at: new Date(started).toISOString(),
            completed_at: new Date(started + keystrokes.at(-1)!.t).toISOString(),
          },
          user_state: { user_id: userId },
          keystrokes,
          client_event_id: id,
        },
      };
    };
    const eventProducer = () => (): IngestRequest => {
      const n = seq++;
      const events = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
        user_id: userId,
        content_id: items[(n + i) % items.length],
        event_type: EVENT_TYPES[i % EVENT_TYPES.length],
        ts: new Date(Date.now() - 60_000).toISOString(),
        ...(i === 2 ? { dwell_ms: 1_000 + n } : {}),
        client_event_id: `ev-${randomUUID()}`,
      }));
      return { kind: "events", path: "/api/events", ids: events.map((e) => e.client_event_id), body: events };
    };

    // --- load, then SIGKILL mid-load ---
    const ledger = new IngestLedger();
    let stopLoad = false;
    const load = runIngestWorkers({
      baseUrl: first.url,
      token,
      ledger,
      producers: [
        ...Array.from({ length: TELEMETRY_WORKERS }, (_, w) => telemetryProducer(w)),
        ...Array.from({ length: EVENT_WORKERS }, () => eventProducer()),
      ],
      shouldStop: () => stopLoad,
    });
    try {
      await waitFor(
        "some hundreds of acknowledged writes",
        () =>
          ledger.refused.length > 0 ||
          (ledger.ackedOf("telemetry").length >= KILL_AFTER.telemetry &&
            ledger.ackedOf("events").length >= KILL_AFTER.events),
        90_000,
      );
      expect(await stopServerProcess(first, "SIGKILL")).toBe("SIGKILL");
    } finally {
      // Workers stop at their first unanswered request; this only matters if the wait above failed.
      setTimeout(() => (stopLoad = true), 10_000).unref();
      await load;
    }
    // Under load the server answered nothing but 2xx until it died.
    expect(ledger.refused.map((r) => `${r.request.kind} ${r.status} ${JSON.stringify(r.response)}`)).toEqual(
      [],
    );
    const ackedTelemetry = ledger.ackedOf("telemetry");
    const ackedEvents = ledger.ackedOf("events");
    const unansweredTelemetry = ledger.unansweredOf("telemetry");
    const unansweredEvents = ledger.unansweredOf("events");
    const inFlight = ledger.unanswered.filter((u) => !u.connectionRefused).length;
    // Every worker ended on a request the dead server never answered, most of them in flight at the kill.
    expect(ledger.unanswered).toHaveLength(TELEMETRY_WORKERS + EVENT_WORKERS);
    expect(inFlight).toBeGreaterThan(0);

    // --- while the app is dead: what is durable ---
    const telemetryRows = async () =>
      new Map(
        (
          await sql<{ id: string; client_event_id: string; n: number }[]>`
            select min(id::text) as id, client_event_id, count(*)::int as n
            from telemetry_snippet_raw where user_id = ${userId} group by client_event_id`
        ).map((r) => [r.client_event_id, r]),
      );
    const eventRows = async () =>
      new Map(
        (
          await sql<{ client_event_id: string; n: number }[]>`
            select client_event_id, count(*)::int as n from recs_events
            where user_id = ${userId} group by client_event_id`
        ).map((r) => [r.client_event_id, r.n]),
      );
    const sent = (list: Array<Answered | Unanswered>) => new Set(list.flatMap((a) => a.request.ids));
    let lost = 0;
    let doubled = 0;
    let unknown = 0;
    let wrongRawId = 0;

    const atKill = await telemetryRows();
    for (const ack of ackedTelemetry) {
      const row = atKill.get(ack.request.ids[0]!);
      if (!row) lost++;
      else if (row.n !== 1) doubled++;
      else if ((ack.response as { raw_id?: string } | null)?.raw_id !== row.id) wrongRawId++;
    }
    const sentTelemetry = sent([...ackedTelemetry, ...unansweredTelemetry]);
    unknown += [...atKill.keys()].filter((id) => !sentTelemetry.has(id)).length;
    const eventsAtKill = await eventRows();
    for (const ack of ackedEvents)
      for (const id of ack.request.ids) {
        const n = eventsAtKill.get(id) ?? 0;
        if (n === 0) lost++;
        else if (n > 1) doubled++;
      }
    const sentEvents = sent([...ackedEvents, ...unansweredEvents]);
    unknown += [...eventsAtKill.keys()].filter((id) => !sentEvents.has(id)).length;
    // An unanswered batch was stored whole or not at all.
    const unansweredBatchesStored = unansweredEvents.map(
      (u) => u.request.ids.filter((id) => eventsAtKill.has(id)).length,
    );
    expect(unansweredBatchesStored.every((n) => n === 0 || n === EVENTS_PER_BATCH)).toBe(true);
    const committedUnanswered =
      unansweredTelemetry.filter((u) => atKill.has(u.request.ids[0]!)).length +
      unansweredBatchesStored.filter((n) => n > 0).length;

    // Derived work the crash left behind: queued jobs wait for the next worker; a job the dead process had
    // claimed stays active until pg-boss's supervisor expires it (expireInSeconds, 120 s) and retries it.
    const jobStates = Object.fromEntries(
      (
        await sql<{ state: string; n: number }[]>`
          select state, count(*)::int as n from pgboss.job where name = ${ENRICH_QUEUE} group by state`
      ).map((r) => [r.state, r.n]),
    ) as Record<string, number>;
    const unenriched = await countOf(
      sql`select count(*)::int as n from telemetry_snippet_raw where user_id = ${userId} and enriched_at is null`,
    );
    // Fast-forward the outage past that expiry, as if the restart came minutes later, and let pg-boss's own
    // supervisor pass (the one the restarted server runs every minute) expire those jobs into a retry.
    await sql`
      update pgboss.job set started_on = started_on - make_interval(secs => expire_seconds + 1)
      where name = ${ENRICH_QUEUE} and state = 'active'`;
    const supervisor = new PgBoss({
      connectionString: getDbHandle().url,
      schema: "pgboss",
      max: 1,
      migrate: false,
      schedule: false,
      supervise: false,
      monitorIntervalSeconds: 1,
    });
    supervisor.on("error", () => undefined);
    await supervisor.start();
    await waitFor("the supervisor's claim on the queue monitor", async () => {
      await supervisor.supervise(ENRICH_QUEUE);
      const active = await countOf(
        sql`select count(*)::int as n from pgboss.job where name = ${ENRICH_QUEUE} and state = 'active'`,
      );
      return active === 0;
    });
    await supervisor.stop({ close: true, graceful: false });

    // --- restart on the same database; the client's retry queue, then re-sends of acknowledged writes ---
    const second = await startServerProcess(env, path.join(dir, "second.log"));
    cleanup.push(() => stopServerProcess(second));
    const retryProblems: string[] = [];
    for (const u of ledger.unanswered) {
      const answer = await sendIngest(second.url, token, u.request);
      if (u.request.kind === "telemetry") {
        const before = atKill.get(u.request.ids[0]!);
        const body = answer.response as { raw_id?: string; duplicate?: boolean };
        const ok = before
          ? answer.status === 200 && body.duplicate === true && body.raw_id === before.id
          : answer.status === 201 && body.duplicate === false;
        if (!ok) retryProblems.push(`telemetry retry: ${answer.status} ${JSON.stringify(body)}`);
      } else {
        const storedBefore = u.request.ids.filter((id) => eventsAtKill.has(id)).length;
        const expected = {
          received: EVENTS_PER_BATCH,
          stored: EVENTS_PER_BATCH - storedBefore,
          duplicates: storedBefore,
        };
        if (answer.status !== 200 || JSON.stringify(answer.response) !== JSON.stringify(expected))
          retryProblems.push(`events retry: ${answer.status} ${JSON.stringify(answer.response)}`);
      }
    }
    const resent = [
      ...ackedTelemetry.filter((_, i) => i % 10 === 0),
      ...ackedEvents.filter((_, i) => i % 10 === 0),
    ];
    for (const ack of resent) {
      const answer = await sendIngest(second.url, token, ack.request);
      const body = answer.response as Record<string, unknown>;
      const ok =
        ack.request.kind === "telemetry"
          ? answer.status === 200 &&
            body.duplicate === true &&
            body.raw_id === (ack.response as { raw_id: string }).raw_id
          : answer.status === 200 && body.stored === 0 && body.duplicates === EVENTS_PER_BATCH;
      if (!ok) retryProblems.push(`re-sent ${ack.request.kind}: ${answer.status} ${JSON.stringify(body)}`);
    }

    // After the retries: everything the client sent is stored exactly once, nothing else.
    const afterTelemetry = await telemetryRows();
    const afterEvents = await eventRows();
    let notOnce = 0;
    for (const id of sentTelemetry) if (afterTelemetry.get(id)?.n !== 1) notOnce++;
    for (const id of sentEvents) if (afterEvents.get(id) !== 1) notOnce++;
    unknown += [...afterTelemetry.keys()].filter((id) => !sentTelemetry.has(id)).length;
    unknown += [...afterEvents.keys()].filter((id) => !sentEvents.has(id)).length;

    // --- derived work: every row enriched, each counted once in snippet_usage, sessions and key profile ---
    await waitFor(
      "enrichment of every row, including those whose jobs the crash interrupted",
      async () => {
        const [row] = await sql<{ left: number; jobs: number }[]>`
          select (select count(*) from telemetry_snippet_raw where user_id = ${userId} and enriched_at is null)::int as left,
                 (select count(*) from pgboss.job where name = ${ENRICH_QUEUE}
                    and state in ('created', 'retry', 'active'))::int as jobs`;
        return row!.left === 0 && row!.jobs === 0;
      },
      90_000,
    );
    const raws = await sql<{ id: string; payload: Telemetry }[]>`
      select id, payload from telemetry_snippet_raw where user_id = ${userId}`;
    const [usage] = await sql<{ rows: number; raws: number; missing: number }[]>`
      select count(*)::int as rows, count(distinct raw_id)::int as raws,
             (select count(*) from telemetry_snippet_raw r where r.user_id = ${userId}
                and not exists (select 1 from snippet_usage u where u.raw_id = r.id))::int as missing
      from snippet_usage where user_id = ${userId}`;
    let derivedDoubled = usage!.rows - usage!.raws + usage!.missing + Math.abs(usage!.rows - raws.length);

    const expectedSessions = new Map<string, { count: number; ms: number }>();
    const expectedGrams = new Map<string, { hits: number; misses: number }>();
    for (const { payload } of raws) {
      const s = expectedSessions.get(payload.snippet.session_id) ?? { count: 0, ms: 0 };
      s.count++;
      s.ms += Math.max(1, Date.parse(payload.snippet.completed_at) - Date.parse(payload.snippet.started_at));
      expectedSessions.set(payload.snippet.session_id, s);
      for (const o of observeKeystrokes(payload.keystrokes)) {
        const g = expectedGrams.get(o.gram) ?? { hits: 0, misses: 0 };
        g.hits += o.hits;
        g.misses += o.misses;
        expectedGrams.set(o.gram, g);
      }
    }
    const sessionRows = await sql<{ id: string; snippets_completed: number; duration_ms: number }[]>`
      select id, snippets_completed, duration_ms from typing_sessions where user_id = ${userId}`;
    for (const s of sessionRows) {
      const want = expectedSessions.get(s.id) ?? { count: 0, ms: 0 };
      if (s.snippets_completed !== want.count || s.duration_ms !== want.ms) derivedDoubled++;
    }
    const gramRows = await sql<{ gram: string; hits: number; misses: number }[]>`
      select gram, hits, misses from typing_key_stats where user_id = ${userId}`;
    const gramMismatches = gramRows.filter((g) => {
      const want = expectedGrams.get(g.gram);
      return !want || want.hits !== g.hits || want.misses !== g.misses;
    }).length;
    derivedDoubled += gramMismatches + Math.abs(gramRows.length - expectedGrams.size);
    const jobsRun = await countOf(
      sql`select count(*)::int as n from pgboss.job where name = ${ENRICH_QUEUE} and state = 'completed'`,
    );

    const ackedEventCount = ackedEvents.length * EVENTS_PER_BATCH;
    const summary =
      `ingestion crash: ${ackedTelemetry.length + ackedEventCount} acknowledged ` +
      `(${ackedTelemetry.length} telemetry, ${ackedEventCount} events in ${ackedEvents.length} batches), ` +
      `${inFlight} in flight at SIGKILL (${committedUnanswered} of them committed), ` +
      `${ledger.unanswered.length - inFlight} refused, ${ledger.unanswered.length + resent.length} retried; ` +
      `${lost} lost, ${doubled + notOnce} doubled or missing after retries, ${unknown} unknown, ` +
      `${wrongRawId} wrong raw_id, ${retryProblems.length} bad retry answers; enrichment: ` +
      `${unenriched} rows unenriched and jobs ${JSON.stringify(jobStates)} at the kill, ` +
      `${raws.length} rows enriched by ${jobsRun} completed jobs, ${derivedDoubled} derived counts off ` +
      `(${sessionRows.length} sessions, ${gramRows.length} key/bigram stats)`;
    console.log(summary);

    expect(retryProblems).toEqual([]);
    expect({ lost, doubled, notOnce, unknown, wrongRawId, derivedDoubled }).toEqual({
      lost: 0,
      doubled: 0,
      notOnce: 0,
      unknown: 0,
      wrongRawId: 0,
      derivedDoubled: 0,
    });
    // The crash did leave derived work behind for the restarted server, so the last check was not vacuous.
    expect(unenriched).toBeGreaterThan(0);
    expect(raws.length).toBe(sentTelemetry.size);
    expect(await stopServerProcess(second)).toBe(0);
  }, 300_000);

  it("counts every keystroke once when two workers enrich one typist's backlog at the same time", async () => {
    // After a crash the backlog can be enriched by more than one worker at once (two worker machines, a
    // retried job beside the sweeper's re-enqueue). A typist's first snippets are where that bites: each
    // worker sees no statistics yet for a key, and the second insert used to overwrite the first.
    const sql = getDbHandle().sql;
    const text = "jumpy wizard";
    await loadSnippets([{ text, mode: "words", source: "ingestion-crash test" }]);
    const [snippet] = await sql<{ id: string }[]>`select id from snippets where text = ${text}`;
    const keystrokes = keystrokesFor(text, 150);
    const perRow = new Map(observeKeystrokes(keystrokes).map((o) => [o.gram, o]));
    const ROWS = 4;
    let roundsOff = 0;
    for (let round = 0; round < 8; round++) {
      const user = await createUser({
        email: `backlog-${round}-${randomUUID().slice(0, 8)}@example.test`,
        displayName: "Backlog Typist",
        password: "long-password-1",
      });
      const session = await startSession(user.id, "words");
      const payload = {
        snippet: {
          snippet_id: snippet!.id,
          session_id: session.id,
          wpm: 50,
          accuracy: 0.95,
          position: 0,
          difficulty: 3,
          started_at: "2026-11-20T10:00:00Z",
          completed_at: new Date(Date.parse("2026-11-20T10:00:00Z") + keystrokes.at(-1)!.t).toISOString(),
        },
        user_state: { user_id: user.id },
        keystrokes,
      };
      const rawIds: string[] = [];
      for (let i = 0; i < ROWS; i++) {
        const [row] = await sql<{ id: string }[]>`
          insert into telemetry_snippet_raw (user_id, client_event_id, payload)
          values (${user.id}, ${`backlog-${i}`}, ${JSON.stringify(payload)}::jsonb) returning id`;
        rawIds.push(row!.id);
      }
      // Each call runs in its own transaction on its own connection, as two workers would.
      expect(await Promise.all(rawIds.map((id) => enrichRaw(id)))).toEqual(rawIds.map(() => "enriched"));
      const stats = await sql<{ gram: string; hits: number; misses: number }[]>`
        select gram, hits, misses from typing_key_stats where user_id = ${user.id}`;
      const [summary] = await sql<{ snippets_completed: number }[]>`
        select snippets_completed from typing_sessions where id = ${session.id}`;
      const off =
        stats.length !== perRow.size ||
        summary!.snippets_completed !== ROWS ||
        stats.some(
          (s) =>
            s.hits !== ROWS * (perRow.get(s.gram)?.hits ?? NaN) ||
            s.misses !== ROWS * perRow.get(s.gram)!.misses,
        );
      if (off) roundsOff++;
    }
    expect(roundsOff).toBe(0);
  });
});
