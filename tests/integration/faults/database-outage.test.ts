import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PgBoss } from "pg-boss";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../../../db/client";
import { startEmbeddedPostgres, tempDataDir, type EmbeddedPostgres } from "../../../db/embedded";
import { sendOnce, startLoadLoop, type Operation, type Outcome } from "../../support/load-loop";
import { startServerProcess, stopServerProcess, type ServerProcess } from "../../support/server-process";
import { waitFor } from "../../support/wait";

/**
 * Database faults against the real production server process and a Postgres of the test's own: stopped and
 * restarted under load, made read-only, and out of disk. Throughout, concurrent authenticated clients write
 * (typing telemetry, library events, each with a client_event_id) and read. The app must answer 503 problem
 * details with Retry-After while the database cannot serve (never a 500, never hang), recover by itself,
 * keep every acknowledged write exactly once, and resume its queued jobs.
 */
const run = promisify(execFile);
const APP_DB = "praxis";
const RETRY_AFTER = "5";
// A client's patience: well above postgres.js's 10 s connect timeout, so only a real hang reaches it.
const REQUEST_TIMEOUT_MS = 20_000;

let base: string;
let pg: EmbeddedPostgres;
let server: ServerProcess;
let admin: Sql; // the maintenance database, for ALTER SYSTEM and tablespaces
let sql: Sql; // the app's database, to check what was stored
let mountDir: string | null = null;
const learner = { cookie: "", token: "", id: "", sessionId: "" };
let snippet: { id: string; text: string };
let contentId: string;

async function http(pathname: string, init: RequestInit & { token?: string; cookie?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.cookie) headers.set("Cookie", init.cookie);
  if (init.method && init.method !== "GET") headers.set("Origin", server.url);
  return fetch(`${server.url}${pathname}`, { ...init, headers, redirect: "manual" });
}

function formPost(pathname: string, fields: Record<string, string>, cookie?: string) {
  return http(pathname, {
    method: "POST",
    cookie,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

beforeAll(async () => {
  base = path.dirname(await tempDataDir("praxis-faults-db-"));
  pg = await startEmbeddedPostgres({ dir: path.join(base, "pg") });
  admin = postgres(pg.url, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${APP_DB}`);
  sql = postgres(withDatabase(pg.url, APP_DB), { max: 2, onnotice: () => undefined });
  server = await startServerProcess(
    {
      DATABASE_URL: withDatabase(pg.url, APP_DB),
      SESSION_SECRET: "database-faults-secret-0123456789abcdef",
      COOKIE_SECURE: "false",
      LOG_LEVEL: "warn",
    },
    path.join(base, "server.log"),
    120_000,
  );

  const signup = await formPost("/signup", {
    email: "faults@example.test",
    displayName: "Faults",
    password: "faults-password-123",
  });
  expect(signup.status).toBe(302);
  learner.cookie = signup.headers.getSetCookie()[0]!.split(";")[0]!;
  const token = await http("/api/tokens", {
    method: "POST",
    cookie: learner.cookie,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "load" }),
  });
  expect(token.status).toBe(201);
  learner.token = ((await token.json()) as { token: string }).token;
  learner.id = (
    (await (await http("/api/me", { token: learner.token })).json()) as { user: { id: string } }
  ).user.id;
  const session = await http("/api/typing/sessions", {
    method: "POST",
    token: learner.token,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode: "words" }),
  });
  expect(session.status).toBe(201);
  learner.sessionId = ((await session.json()) as { session: { id: string } }).session.id;
  const [row] = await sql<{ id: string; text: string }[]>`
    select id, text from snippets where mode = 'words' order by content_hash limit 1`;
  snippet = row!;
  const [item] = await sql<{ id: string }[]>`select id from content_items order by id limit 1`;
  contentId = item!.id;
}, 180_000);

afterAll(async () => {
  if (server) await stopServerProcess(server);
  await sql?.end({ timeout: 2 }).catch(() => undefined);
  await admin?.end({ timeout: 2 }).catch(() => undefined);
  await pg?.stop();
  if (mountDir) await run("umount", [mountDir]).catch(() => run("umount", ["-l", mountDir!]));
  if (base) await fs.rm(base, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------
// Traffic: six clients; a third of the requests write telemetry, a third library events, a third read.
// Each write has its own client_event_id and is kept, so a refused one can be sent again.

function telemetryWrite(key: string): Operation {
  const body = JSON.stringify({
    client_event_id: key,
    snippet: {
      snippet_id: snippet.id,
      session_id: learner.sessionId,
      wpm: 55,
      accuracy: 0.96,
      position: 0,
      difficulty: 3,
      started_at: "2026-11-20T12:00:00Z",
      completed_at: "2026-11-20T12:00:20Z",
    },
    user_state: { user_id: learner.id },
    keystrokes: [...snippet.text].map((ch, i) => ({
      key: ch,
      expected: ch,
      t: (i + 1) * 150,
      correct: true,
    })),
  });
  return postWrite("telemetry", key, "/api/telemetry/snippet", body);
}

function eventWrite(key: string): Operation {
  const body = JSON.stringify({
    user_id: learner.id,
    content_id: contentId,
    event_type: "view",
    ts: new Date().toISOString(),
    client_event_id: key,
  });
  return postWrite("event", key, "/api/events", body);
}

/** One of the learner's writes: a JSON POST with the token, replayable with the same body. */
function postWrite(kind: "telemetry" | "event", key: string, pathname: string, body: string): Operation {
  return {
    kind,
    key,
    send: (signal) =>
      http(pathname, {
        method: "POST",
        token: learner.token,
        headers: { "Content-Type": "application/json" },
        body,
        signal,
      }),
  };
}

function read(seq: number): Operation {
  const pathname = seq % 2 ? "/api/me" : "/api/typing/sessions";
  return { kind: "read", send: (signal) => http(pathname, { token: learner.token, signal }) };
}

function startTraffic(prefix: string) {
  const writes = new Map<string, Operation>();
  const loop = startLoadLoop(
    6,
    (seq) => {
      const op =
        seq % 3 === 0
          ? telemetryWrite(`${prefix}-t-${seq}`)
          : seq % 3 === 1
            ? eventWrite(`${prefix}-e-${seq}`)
            : read(seq);
      if (op.key) writes.set(op.key, op);
      return op;
    },
    { timeoutMs: REQUEST_TIMEOUT_MS },
  );
  return { loop, writes };
}

const ok = (o: Outcome) => o.status >= 200 && o.status < 300;
const isWrite = (o: Outcome) => o.kind !== "read";
const count = (outcomes: Outcome[], when: (o: Outcome) => boolean) => outcomes.filter(when).length;

/** Every answer is a success or a 503 problem the client may retry: no 500, no other error, no hang. */
function expectOnlySuccessOr503(outcomes: Outcome[]) {
  const unexpected = outcomes.filter((o) => !ok(o) && o.status !== 503);
  expect(
    unexpected.map((o) => `${o.kind} ${o.status} ${o.error ?? o.body.slice(0, 200)}`),
    "answers other than 2xx or 503",
  ).toEqual([]);
  for (const o of outcomes.filter((x) => x.status === 503)) {
    expect(o.contentType).toBe("application/problem+json");
    expect(o.retryAfter).toBe(RETRY_AFTER);
    expect(JSON.parse(o.body)).toMatchObject({ status: 503, title: "Service Unavailable" });
  }
  const slow = outcomes.filter((o) => o.answeredAt - o.startedAt >= 15_000);
  expect(
    slow.map((o) => `${o.kind} ${o.status} after ${o.answeredAt - o.startedAt} ms at ${o.startedAt}`),
    "answers that took 15 s or more",
  ).toEqual([]);
  return Math.max(...outcomes.map((o) => o.answeredAt - o.startedAt));
}

/**
 * Writes the load loop saw refused are sent again as a client would after Retry-After (same body, same
 * client_event_id); then every write ever attempted must be stored exactly once, and each acknowledged
 * telemetry write under the raw id it was acknowledged with.
 */
async function retryRefusedAndCheckExactlyOnce(outcomes: Outcome[], writes: Map<string, Operation>) {
  const acked = new Map(outcomes.filter((o) => isWrite(o) && ok(o)).map((o) => [o.key!, o]));
  const refused = [...writes.keys()].filter((key) => !acked.has(key));
  for (const key of refused) {
    const retry = await sendOnce(writes.get(key)!, REQUEST_TIMEOUT_MS);
    expect(retry.status, `retry of ${key}: ${retry.body}`).toBeLessThan(300);
    expect(retry.status).toBeGreaterThanOrEqual(200);
  }
  const keys = [...writes.keys()];
  const telemetry = await sql<{ key: string; n: number; id: string }[]>`
    select client_event_id as key, count(*)::int as n, min(id::text) as id from telemetry_snippet_raw
    where user_id = ${learner.id} and client_event_id = any(${keys}) group by 1`;
  const events = await sql<{ key: string; n: number }[]>`
    select client_event_id as key, count(*)::int as n from recs_events
    where user_id = ${learner.id} and client_event_id = any(${keys}) group by 1`;
  const stored = new Map([...telemetry, ...events].map((r) => [r.key, r.n]));
  expect(
    keys.filter((k) => stored.get(k) !== 1),
    "writes not stored exactly once",
  ).toEqual([]);
  for (const row of telemetry) {
    const ack = acked.get(row.key);
    if (ack) expect((JSON.parse(ack.body) as { raw_id: string }).raw_id).toBe(row.id);
  }
  // Each telemetry row and its enrichment job commit together: none is left without one or the other.
  const [orphans] = await sql<{ n: number }[]>`
    select count(*)::int as n from telemetry_snippet_raw r
    where r.user_id = ${learner.id} and r.client_event_id = any(${keys}) and r.enriched_at is null
      and not exists (select 1 from pgboss.job j where j.name = 'typing.enrich' and j.data->>'rawId' = r.id::text)`;
  expect(orphans!.n).toBe(0);
  return { acked: acked.size, refused: refused.length, attempted: keys.length };
}

async function health() {
  const response = await fetch(`${server.url}/api/health`);
  return {
    status: response.status,
    body: (await response.json()) as {
      status: string;
      checks: { database: { status: string; error?: string } };
    },
  };
}

/** A page answer while the database cannot serve: 503 with Retry-After and the error page, no stack trace. */
async function expectPage503(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe(RETRY_AFTER);
  const text = await response.text();
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return text;
}

async function expectPagePostsRefused() {
  const signup = await formPost("/signup", {
    email: `refused-${Date.now()}@example.test`,
    displayName: "Refused",
    password: "refused-password-1",
  });
  expect(await expectPage503(signup)).toContain("Something went wrong");
  // The same form posted by the hydrated page (Remix single fetch) gets the same status.
  await expectPage503(
    await formPost("/signup.data", {
      email: `refused-data-${Date.now()}@example.test`,
      displayName: "Refused",
      password: "refused-password-1",
    }),
  );
}

const pid = () => server.child.pid;

describe("database faults under load (real server process)", () => {
  it("Postgres crashes and restarts under load: 503 + Retry-After while down, recovery without an app restart, acknowledged writes kept exactly once, queued jobs resume", async () => {
    const serverPid = pid();
    expect((await health()).status).toBe(200);
    const { loop, writes } = startTraffic("outage");
    await waitFor(
      "20 acknowledged writes before the outage",
      () => count(loop.outcomes, (o) => isWrite(o) && ok(o)) >= 20,
    );

    // Already queued when the database goes and due in three seconds: it can only run after the restart.
    const boss = new PgBoss({
      connectionString: withDatabase(pg.url, APP_DB),
      schema: "pgboss",
      supervise: false,
      schedule: false,
      migrate: false,
      createSchema: false,
    });
    boss.on("error", () => undefined);
    await boss.start();
    const [someRow] = await sql<{ id: string }[]>`
      select id from telemetry_snippet_raw where user_id = ${learner.id} limit 1`;
    const jobId = await boss.send("typing.enrich", { rawId: someRow!.id }, { startAfter: 3 });
    await boss.stop({ graceful: false, close: true });
    const [queued] = await sql<{ state: string }[]>`select state from pgboss.job where id = ${jobId!}`;
    expect(queued!.state).toBe("created");

    const port = pg.port;
    await pg.stop("immediate");
    const downAt = Date.now();

    const down = await waitFor("/api/health to report the database down", async () => {
      const h = await health();
      return h.status === 503 ? h : null;
    });
    expect(down.body.status).toBe("unhealthy");
    expect(down.body.checks.database.status).toBe("error");
    expect(down.body.checks.database.error).toBeTruthy();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await expectPage503(await http("/account", { cookie: learner.cookie }));
    await expectPagePostsRefused();
    // Down long enough for the job to fall due and for clients to keep knocking.
    await waitFor(
      "writes and reads refused while the database is down",
      () =>
        Date.now() - downAt > 4_000 &&
        count(loop.outcomes, (o) => o.startedAt > downAt && isWrite(o) && o.status === 503) >= 20 &&
        count(loop.outcomes, (o) => o.startedAt > downAt && o.kind === "read" && o.status === 503) >= 5,
    );

    const restartAt = Date.now();
    pg = await startEmbeddedPostgres({ dir: path.join(base, "pg"), port });
    await waitFor("/api/health 200 after the restart", async () => (await health()).status === 200, 30_000);
    const recoveredAt = Date.now();
    await waitFor(
      "20 acknowledged writes after the restart",
      () => count(loop.outcomes, (o) => o.startedAt > recoveredAt && isWrite(o) && ok(o)) >= 20,
    );
    const outcomes = await loop.stop();

    expect(pid()).toBe(serverPid);
    expect(server.child.exitCode).toBeNull();
    const slowest = expectOnlySuccessOr503(outcomes);
    // While it was down nothing was acknowledged: every write that started then was refused.
    const during = outcomes.filter((o) => o.startedAt > downAt && o.answeredAt < restartAt);
    expect(count(during, (o) => ok(o))).toBe(0);
    const tally = await retryRefusedAndCheckExactlyOnce(outcomes, writes);

    // The job queued before the crash ran after the restart; fresh telemetry is enriched again.
    const job = await waitFor("the queued job to complete after the restart", async () => {
      const [row] = await sql<{ state: string; completed_on: Date | null }[]>`
        select state, completed_on from pgboss.job where id = ${jobId!}`;
      return row?.state === "completed" ? row : null;
    });
    expect(job.completed_on!.getTime()).toBeGreaterThan(restartAt);
    const lastAck = outcomes.filter((o) => o.kind === "telemetry" && ok(o)).at(-1)!;
    const lastRawId = (JSON.parse(lastAck.body) as { raw_id: string }).raw_id;
    await waitFor("telemetry acknowledged after the restart to be enriched", async () => {
      const [row] = await sql`select enriched_at from telemetry_snippet_raw where id = ${lastRawId}`;
      return row?.enriched_at;
    });
    console.info(
      `[outage] requests=${outcomes.length} writes attempted=${tally.attempted} acknowledged=${tally.acked}` +
        ` refused-then-retried=${tally.refused} 503s=${count(outcomes, (o) => o.status === 503)}` +
        ` (writes ${count(outcomes, (o) => isWrite(o) && o.status === 503)}, reads ${count(outcomes, (o) => o.kind === "read" && o.status === 503)})` +
        ` down for ${restartAt - downAt} ms; healthy ${recoveredAt - restartAt} ms after the restart; slowest answer ${slowest} ms`,
    );
  }, 180_000);

  it("read-only database: writes answer 503 over the API and from page forms, reads answer, nothing acknowledged is lost, writes resume once it is writable", async () => {
    const serverPid = pid();
    // An authenticated read also writes when its token's last_used_at or its session's last_seen_at falls
    // due. That bookkeeping is best effort: with both stamps due, reads must still answer while read-only.
    await sql`update api_tokens set last_used_at = now() - interval '1 day' where user_id = ${learner.id}`;
    await sql`update sessions set last_seen_at = now() - interval '1 day' where user_id = ${learner.id}`;
    const { loop, writes } = startTraffic("readonly");
    await waitFor("10 acknowledged writes", () => count(loop.outcomes, (o) => isWrite(o) && ok(o)) >= 10);

    const onAt = Date.now();
    // A reload reaches every open session (the app's pooled connections included), as on a managed
    // Postgres that turns read-only when its disk is nearly full.
    await admin.unsafe("alter system set default_transaction_read_only = on");
    await admin.unsafe("select pg_reload_conf()");
    const refusedFrom = await waitFor(
      "a write refused",
      () => loop.outcomes.find((o) => o.startedAt > onAt && isWrite(o) && o.status === 503)?.startedAt,
    );
    // Make the bookkeeping due again while read-only (a read-write transaction may still write), so the
    // reads below each try it, fail, and must answer all the same.
    await sql.begin("read write", (tx) => [
      tx`update api_tokens set last_used_at = now() - interval '1 day' where user_id = ${learner.id}`,
      tx`update sessions set last_seen_at = now() - interval '1 day' where user_id = ${learner.id}`,
    ]);
    await waitFor(
      "writes refused and reads answered while read-only",
      () =>
        count(loop.outcomes, (o) => o.startedAt > refusedFrom && isWrite(o) && o.status === 503) >= 10 &&
        count(loop.outcomes, (o) => o.startedAt > refusedFrom && o.kind === "read" && ok(o)) >= 10,
    );
    expect((await http("/account", { cookie: learner.cookie })).status).toBe(200);
    const tokenForm = { intent: "create-token", name: "made while read-only", expiresInDays: "" };
    await expectPage503(await formPost("/account", tokenForm, learner.cookie));
    await expectPagePostsRefused();

    const offAt = Date.now();
    await admin.unsafe("alter system reset default_transaction_read_only");
    await admin.unsafe("select pg_reload_conf()");
    await waitFor(
      "10 acknowledged writes once writable",
      () => count(loop.outcomes, (o) => o.startedAt > offAt && isWrite(o) && ok(o)) >= 10,
    );
    const outcomes = await loop.stop();

    expect(pid()).toBe(serverPid);
    const slowest = expectOnlySuccessOr503(outcomes);
    const window = outcomes.filter((o) => o.startedAt > refusedFrom && o.answeredAt < offAt);
    expect(
      count(window, (o) => isWrite(o) && ok(o)),
      "writes acknowledged while read-only",
    ).toBe(0);
    expect(
      window.filter((o) => o.kind === "read" && !ok(o)).map((o) => `${o.status} ${o.body.slice(0, 200)}`),
      "reads refused while read-only",
    ).toEqual([]);
    const tally = await retryRefusedAndCheckExactlyOnce(outcomes, writes);

    // The page form works again, without an app restart; the refused one left nothing behind.
    const again = await formPost("/account", { ...tokenForm, name: "made once writable" }, learner.cookie);
    expect(again.status).toBe(200);
    const tokens = await sql<{ name: string }[]>`
      select name from api_tokens where user_id = ${learner.id} and name like 'made %' order by name`;
    expect(tokens.map((t) => t.name)).toEqual(["made once writable"]);
    console.info(
      `[read-only] requests=${outcomes.length} writes attempted=${tally.attempted} acknowledged=${tally.acked}` +
        ` refused-then-retried=${tally.refused} reads answered while read-only=${count(window, (o) => o.kind === "read" && ok(o))}` +
        ` read-only for ${offAt - onAt} ms; slowest answer ${slowest} ms`,
    );
  }, 120_000);

  it("disk full: writes answer 503 (Postgres's own 53100), reads answer, acknowledged writes kept, writes resume once space is freed", async () => {
    const serverPid = pid();
    const disk = await diskForWrites();
    const { loop, writes } = startTraffic("diskfull");
    await waitFor("10 acknowledged writes", () => count(loop.outcomes, (o) => isWrite(o) && ok(o)) >= 10);

    const fullAt = Date.now();
    await disk.fill();
    const refusedFrom = await waitFor(
      "a write refused",
      () => loop.outcomes.find((o) => o.startedAt > fullAt && isWrite(o) && o.status === 503)?.startedAt,
      30_000,
    );
    await waitFor(
      "writes refused and reads answered while the disk is full",
      () =>
        count(loop.outcomes, (o) => o.startedAt > refusedFrom && isWrite(o) && o.status === 503) >= 10 &&
        count(loop.outcomes, (o) => o.startedAt > refusedFrom && o.kind === "read" && ok(o)) >= 10,
    );
    const freedAt = Date.now();
    await disk.free();
    await waitFor(
      "10 acknowledged writes once space is freed",
      () => count(loop.outcomes, (o) => o.startedAt > freedAt && isWrite(o) && ok(o)) >= 10,
    );
    const outcomes = await loop.stop();

    expect(pid()).toBe(serverPid);
    const slowest = expectOnlySuccessOr503(outcomes);
    const window = outcomes.filter((o) => o.startedAt > refusedFrom && o.answeredAt < freedAt);
    expect(window.filter((o) => o.kind === "read" && !ok(o)).map((o) => o.status)).toEqual([]);
    // The refusals were Postgres's disk_full, as the app saw and logged it.
    expect(await fs.readFile(server.logFile, "utf8")).toContain('"code":"53100"');
    const tally = await retryRefusedAndCheckExactlyOnce(outcomes, writes);
    console.info(
      `[disk-full via ${disk.method}] requests=${outcomes.length} writes attempted=${tally.attempted}` +
        ` acknowledged=${tally.acked} refused-then-retried=${tally.refused}` +
        ` write 503s while full=${count(window, (o) => isWrite(o) && o.status === 503)}` +
        ` full for ${freedAt - fullAt} ms; slowest answer ${slowest} ms`,
    );
  }, 120_000);
});

/**
 * Out of disk, for real where we may mount: the two tables the writers insert into move to a tablespace on a
 * small tmpfs, which a file then fills, so Postgres fails to extend them with ENOSPC and SQLSTATE 53100.
 * (WAL stays on the main disk: a full WAL disk stops Postgres, which is the outage above.) Without the
 * right to mount, a trigger raises the same SQLSTATE on those inserts, so the app's mapping is still
 * exercised end to end, and the report line says which method ran.
 */
async function diskForWrites(): Promise<{ method: string; fill(): Promise<void>; free(): Promise<void> }> {
  const tables = ["telemetry_snippet_raw", "recs_events"];
  const dir = path.join(base, "tiny");
  await fs.mkdir(dir);
  const ids = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]).catch(
    () => null,
  );
  const [uid, gid] = ids ? ids.map((r) => Number(r.stdout.trim())) : [];
  const [size] = await sql<{ bytes: string }[]>`
    select sum(pg_table_size(t::regclass))::text as bytes from unnest(${tables}::text[]) as t`;
  const mb = Math.ceil(Number(size!.bytes) / 2 ** 20) + 8;
  const mounted =
    process.getuid?.() === 0 && ids
      ? await run("mount", ["-t", "tmpfs", "-o", `size=${mb}m,uid=${uid},gid=${gid},mode=0700`, "tmpfs", dir])
          .then(() => true)
          .catch(() => false)
      : false;
  if (mounted) {
    mountDir = dir;
    const location = path.join(dir, "ts");
    await fs.mkdir(location);
    await fs.chown(location, uid!, gid!);
    await admin.unsafe(`create tablespace tiny location '${location}'`);
    for (const t of tables) await sql.unsafe(`alter table ${t} set tablespace tiny`);
    const filler = path.join(dir, "filler");
    return {
      method: `a ${mb} MB tmpfs tablespace filled to the last byte`,
      async fill() {
        const file = await fs.open(filler, "w");
        // Megabytes, then pages (tmpfs allocates 4 KB at a time, Postgres extends by 8 KB blocks).
        for (const zeros of [Buffer.alloc(2 ** 20), Buffer.alloc(4096)]) {
          try {
            for (;;) await file.write(zeros);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
          }
        }
        await file.close();
      },
      free: () => fs.rm(filler),
    };
  }
  await sql.unsafe(`create function raise_disk_full() returns trigger language plpgsql as $$
    begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`);
  return {
    method: "a trigger raising SQLSTATE 53100 (this machine may not mount a small filesystem)",
    async fill() {
      for (const t of tables)
        await sql.unsafe(
          `create trigger disk_full before insert on ${t} for each row execute function raise_disk_full()`,
        );
    },
    async free() {
      for (const t of tables) await sql.unsafe(`drop trigger disk_full on ${t}`);
    },
  };
}
