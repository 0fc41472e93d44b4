import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getDbHandle } from "../../../db/client";
import { tempDataDir } from "../../../db/embedded";
import { tutorMessages } from "../../../db/schema";
import { startBoss, stopBoss, getBoss } from "../../../jobs/boss";
import { parseEnv } from "../../../app/lib/env.server";
import { configuredProviders } from "../../../app/lib/llm/providers.server";
import type { LlmProvider } from "../../../app/lib/llm/types";
import { createSession, postMessage, type TurnEvent } from "../../../app/modules/learn/tutor/tutor.server";
import { ensureDefaultVocabulary } from "../../../app/modules/learn/vocabulary.server";
import { startFakeLlmServer, type FakeLlmServer } from "../../support/fake-llm-server";
import { startFaultProxy, type Fault, type FaultProxy } from "../../support/fault-proxy";
import { createLearner } from "../../support/learners";
import { startServerProcess, stopServerProcess, type ServerProcess } from "../../support/server-process";
import { readSse } from "../../support/sse";
import { waitFor } from "../../support/wait";

/**
 * Providers that misbehave, and what the user gets instead. Every provider Praxis calls over the network
 * (the tutor's LLM through OpenAI and through Anthropic, the story writer through OpenAI, Anthropic and the
 * GPU sidecar) sits behind a proxy that, row by row, hangs, stalls after its headers or mid-reply, answers
 * 500/502/503/429, resets or refuses the connection. Each row asserts the fallback (the next LLM, the offline
 * tutor, Praxis's own story model), that it came within the configured timeout plus a stated margin, and that
 * the failure was recorded where a person can see it. The first row of each provider passes through
 * untouched, so the same path is shown to work before it is broken.
 *
 * Then a job handler that throws, on the real server's worker: retried with growing delays, dead-lettered,
 * and visible to an admin over HTTP, who can retry it.
 */
const TIMEOUT_S = 1.5;
const TIMEOUT_MS = TIMEOUT_S * 1000;
/** The shipped default: the SDK retries once before the next provider. */
const RETRIES = 1;
/**
 * Start-up, HTTP, a database write and the fallback's own first words, on a shared two-core machine where
 * CI runs two test files at once. Still far below what an unbounded fault costs (a 30 s Retry-After, or for
 * ever).
 */
const MARGIN_MS = 5_000;
const SECRET = "sidecar-secret-for-fault-tests-0123456789";
const ADMIN = { email: "admin@faults.test", password: "admin-password-faults-123" };

const STORY_TEXT = " Pip the dragon baked bread for the whole town. The end.";
const TUTOR_TEXT = "Pip ! Voilà votre café. Et avec ça ?";
/** The first words of both: a "stall after text" forwards the event holding them, then goes quiet. */
const MARKER = "Pip";
/** The sidecar streams its own model's words: its first text line. */
const SIDECAR_MARKER = '{"type":"text"';

let fake: FakeLlmServer;
let openAiProxy: FaultProxy;
let anthropicProxy: FaultProxy;
let sidecarProxy: FaultProxy;
let sidecar: ServerProcess;
let dir: string;
const apps: Partial<Record<"openai" | "anthropic" | "sidecar", ServerProcess>> = {};

interface FaultRow {
  label: string;
  fault: Fault;
  /** The fault is only noticed by a timer (so the elapsed time is at least one timeout). */
  timed: boolean;
  /** Noticed before any response headers: the SDK's retries apply. */
  beforeHeaders: boolean;
}

const FAULTS: FaultRow[] = [
  { label: "hangs, no headers", fault: { kind: "hang" }, timed: true, beforeHeaders: true },
  { label: "headers, then silence", fault: { kind: "stall" }, timed: true, beforeHeaders: false },
  {
    label: "some text, then silence",
    fault: { kind: "stall", after: MARKER },
    timed: true,
    beforeHeaders: false,
  },
  ...[500, 502, 503].map((status) => ({
    label: `answers ${status}`,
    fault: { kind: "status", status } as Fault,
    timed: false,
    beforeHeaders: true,
  })),
  {
    label: "429, Retry-After 30 s",
    fault: { kind: "status", status: 429, headers: { "retry-after": "30" } },
    timed: false,
    beforeHeaders: true,
  },
  { label: "connection refused", fault: { kind: "refused" }, timed: false, beforeHeaders: true },
  { label: "connection reset", fault: { kind: "reset" }, timed: false, beforeHeaders: true },
];

/** A row's fault, with the text a "stall after text" waits for in this provider's stream. */
const faultWith = (f: Fault, marker: string): Fault =>
  f.kind === "stall" && f.after ? { ...f, after: marker } : f;

/** How long a provider may take to fail under a fault: every SDK attempt before headers, one gap after. */
function budgetMs(provider: "llm" | "sidecar", row: FaultRow): number {
  return provider === "llm" && row.beforeHeaders ? (RETRIES + 1) * TIMEOUT_MS : TIMEOUT_MS;
}

function summary(kind: string, row: string, served: string, elapsed: number, budget: number, extra = "") {
  console.log(
    `[fault] ${kind.padEnd(17)} ${row.padEnd(24)} -> ${served.padEnd(9)} ${String(Math.round(elapsed)).padStart(5)} ms` +
      ` (timeout ${TIMEOUT_MS} ms, budget ${budget} ms + ${MARGIN_MS} ms margin${extra})`,
  );
}

const isCorrections = (body: Record<string, unknown>) =>
  JSON.stringify(body).includes("You mark a French learner");
const isStory = (body: Record<string, unknown>) => JSON.stringify(body).includes("You write short, gentle");

async function appServer(name: keyof typeof apps, env: Record<string, string>) {
  apps[name] = await startServerProcess(
    {
      DATABASE_URL: process.env.PRAXIS_TEST_DATABASE_URL!,
      SESSION_SECRET: "integration-test-secret-0123456789abcdef",
      COOKIE_SECURE: "false",
      SEED_DEMO_DATA: "false",
      LLM_REQUEST_TIMEOUT_SECONDS: String(TIMEOUT_S),
      LLM_MAX_RETRIES: String(RETRIES),
      STORY_SIDECAR_TIMEOUT_SECONDS: String(TIMEOUT_S),
      STORY_SIDECAR_SECRET: SECRET,
      PRAXIS_ROLE: "web",
      ...env,
    },
    path.join(dir, `${name}.log`),
  );
}

beforeAll(async () => {
  dir = path.dirname(await tempDataDir("praxis-faults-"));
  fake = await startFakeLlmServer();
  for (const vendor of ["openai", "anthropic"] as const)
    fake.respond(vendor, (body) => ({
      text: isCorrections(body) ? '{"errors":[]}' : isStory(body) ? STORY_TEXT : TUTOR_TEXT,
      chunks: 4,
    }));
  [openAiProxy, anthropicProxy] = await Promise.all([startFaultProxy(fake.url), startFaultProxy(fake.url)]);
  sidecar = await startServerProcess(
    { PRAXIS_ROLE: "ml", STORY_SIDECAR_SECRET: SECRET, STORY_MAX_CONCURRENT: "2", STORY_MAX_QUEUED: "2" },
    path.join(dir, "sidecar.log"),
  );
  sidecarProxy = await startFaultProxy(sidecar.url);
  // One app per story writer under test, each falling back to Praxis's own model. They share this file's
  // database, so they start one after another (start-up loads content into empty tables).
  await appServer("openai", {
    STORY_PROVIDERS: "openai,local",
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: `${openAiProxy.url}/v1`,
    // This one also runs the job workers, and has an admin, for the dead-letter test.
    PRAXIS_ROLE: "all",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });
  await appServer("anthropic", {
    STORY_PROVIDERS: "anthropic,local",
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: anthropicProxy.url,
  });
  await appServer("sidecar", { STORY_PROVIDERS: "sidecar,local", STORY_SIDECAR_URL: sidecarProxy.url });
  await ensureDefaultVocabulary();
  await waitFor(
    "the sidecar's model",
    async () => (await fetch(`${sidecar.url}/health`)).status === 200,
    60_000,
  );
}, 180_000);

afterAll(async () => {
  hook.__praxisTutorProviders = undefined;
  for (const app of Object.values(apps)) await stopServerProcess(app);
  if (sidecar) await stopServerProcess(sidecar);
  for (const proxy of [openAiProxy, anthropicProxy, sidecarProxy]) await proxy?.close();
  await fake?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

// --- the tutor, in process (its provider seam), against the proxied vendors --------------------------------

const hook = globalThis as typeof globalThis & { __praxisTutorProviders?: () => LlmProvider[] };

const TUTOR_KINDS = [
  {
    kind: "tutor via OpenAI",
    proxy: () => openAiProxy,
    // OpenAI first, a healthy Anthropic behind it: the fallback is the next provider.
    providers: () =>
      configuredProviders(
        parseEnv({
          OPENAI_API_KEY: "sk-test",
          OPENAI_BASE_URL: `${openAiProxy.url}/v1`,
          ANTHROPIC_API_KEY: "sk-ant-test",
          ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
          LLM_REQUEST_TIMEOUT_SECONDS: String(TIMEOUT_S),
          LLM_MAX_RETRIES: String(RETRIES),
        }),
      ),
    self: "openai",
    fallback: "anthropic",
  },
  {
    kind: "tutor via Anthropic",
    proxy: () => anthropicProxy,
    // Anthropic alone: the fallback is the offline tutor, and the turn says so.
    providers: () =>
      configuredProviders(
        parseEnv({
          ANTHROPIC_API_KEY: "sk-ant-test",
          ANTHROPIC_BASE_URL: anthropicProxy.url,
          LLM_REQUEST_TIMEOUT_SECONDS: String(TIMEOUT_S),
          LLM_MAX_RETRIES: String(RETRIES),
        }),
      ),
    self: "anthropic",
    fallback: "offline",
  },
] as const;

for (const t of TUTOR_KINDS) {
  describe(t.kind, () => {
    let userId: string;
    let sessionId: string;
    beforeAll(async () => {
      const providers = t.providers();
      expect(providers.map((p) => p.name)).toEqual(
        t.fallback === "offline" ? [t.self] : [t.self, t.fallback],
      );
      hook.__praxisTutorProviders = () => providers;
      userId = await createLearner({ timezone: "Europe/Paris" });
      sessionId = (await createSession(userId, { planned_minutes: 10, scenario: "cafe" })).session.id;
      // One untimed turn first: the first turn in a process loads the lexicon and the checker.
      await t.proxy().set({ kind: "none" });
      await postMessage(userId, sessionId, { content: "Bonjour." });
    });

    const turn = async () => {
      const events: TurnEvent[] = [];
      const started = performance.now();
      const result = await postMessage(userId, sessionId, { content: "Je voudrais un café." }, (e) =>
        events.push(e),
      );
      return { result, events, elapsed: performance.now() - started };
    };

    it("serves the turn itself when nothing is wrong (the control row)", async () => {
      await t.proxy().set({ kind: "none" });
      const { result, elapsed } = await turn();
      expect(result.reply).toMatchObject({ provider: t.self, content: TUTOR_TEXT });
      expect(result.feedback.note).toBeNull();
      expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      summary(t.kind, "none", t.self, elapsed, TIMEOUT_MS);
    });

    for (const row of FAULTS) {
      it(`${row.label}: ${t.fallback} answers within the timeout`, async () => {
        const proxy = t.proxy();
        await proxy.set(faultWith(row.fault, MARKER));
        const { result, events, elapsed } = await turn();
        const budget = budgetMs("llm", row);

        expect(result.reply.provider).toBe(t.fallback);
        if (t.fallback === "offline") {
          expect(result.feedback.note).toMatch(/offline tutor answered/);
          expect(result.reply.content.length).toBeGreaterThan(0);
        } else {
          expect(result.reply.content).toBe(TUTOR_TEXT);
          expect(result.feedback.note).toBeNull();
        }
        // Recorded: the stored tutor message names who answered.
        const [stored] = await db()
          .select({ provider: tutorMessages.provider })
          .from(tutorMessages)
          .where(eq(tutorMessages.id, result.reply.id));
        expect(stored!.provider).toBe(t.fallback);
        // What the learner saw streaming is the reply that was kept: text shown before the stall was dropped.
        const lastRestart = events.findLastIndex((e) => e.type === "restart");
        if (row.fault.kind === "stall" && row.fault.after) expect(lastRestart).toBeGreaterThanOrEqual(0);
        const shown = events
          .slice(lastRestart + 1)
          .map((e) => (e.type === "delta" ? e.text : ""))
          .join("");
        expect(shown).toBe(result.reply.content);

        // Both the reply and the corrections asked the faulty provider first (a refused port sees nothing).
        if (row.fault.kind !== "refused") expect(proxy.requests).toBeGreaterThanOrEqual(2);
        if (row.timed) expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
        expect(elapsed).toBeLessThan(budget + MARGIN_MS);
        summary(t.kind, row.label, t.fallback, elapsed, budget, `; ${proxy.requests} request(s) reached it`);
      });
    }
  });
}

// --- story writers, through the real server over HTTP ------------------------------------------------------

const STORY_KINDS = [
  { kind: "story via OpenAI", app: "openai", proxy: () => openAiProxy, provider: "llm", marker: MARKER },
  {
    kind: "story via Anthropic",
    app: "anthropic",
    proxy: () => anthropicProxy,
    provider: "llm",
    marker: MARKER,
  },
  {
    kind: "story via sidecar",
    app: "sidecar",
    proxy: () => sidecarProxy,
    provider: "sidecar",
    marker: SIDECAR_MARKER,
  },
] as const;

interface StoryView {
  id: string;
  provider: string;
  model: string;
  body: string;
  stats: { attempts: { provider: string; error: string }[] };
}

let learnerCounter = 0;
async function tokenFor(server: ServerProcess): Promise<string> {
  const origin = server.url;
  const signup = await fetch(`${origin}/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({
      email: `faults-${Date.now()}-${learnerCounter++}@example.test`,
      displayName: "F",
      password: "correct-horse-battery",
    }),
    redirect: "manual",
  });
  const cookie = signup.headers.getSetCookie()[0]!.split(";")[0]!;
  const token = await fetch(`${origin}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
    body: JSON.stringify({ name: "faults" }),
  });
  return ((await token.json()) as { token: string }).token;
}

/** Streams a story and times the first word of the writer that finished it (after any restart). */
async function timedStory(server: ServerProcess, token: string) {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/stories`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ prompt: "Once upon a time", maxTokens: 24, seed: 7 }),
  });
  expect(response.status).toBe(200);
  const at: number[] = [];
  const events = await readSse(response, () => {
    at.push(performance.now() - started);
    return false;
  });
  const restart = events.findLastIndex((e) => e.event === "restart");
  const first = events.findIndex((e, i) => i > restart && e.event === "token");
  return { events, restart, elapsed: first >= 0 ? at[first]! : Infinity, first };
}

const logLines = async (server: ServerProcess, needle: string) =>
  (await fs.readFile(server.logFile, "utf8")).split("\n").filter((l) => l.includes(needle));

for (const s of STORY_KINDS) {
  describe(s.kind, () => {
    let token: string;
    const name = s.app;
    beforeAll(async () => {
      token = await tokenFor(apps[s.app]!);
      // Praxis's own model warmed by one story, so the rows time the fault, not a first load.
      const warm = await fetch(`${apps[s.app]!.url}/api/stories`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ prompt: "Warm", maxTokens: 4, provider: "local", stream: false }),
      });
      expect(warm.status).toBe(201);
      // The sidecar's model too, so its control row (whose own timeout is TIMEOUT_MS) is not a first load.
      if (s.provider !== "llm") {
        await s.proxy().set({ kind: "none" });
        const warmSidecar = await fetch(`${apps[s.app]!.url}/api/stories`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
          body: JSON.stringify({ prompt: "Warm", maxTokens: 4, provider: name, stream: false }),
        });
        expect(warmSidecar.status).toBe(201);
      }
    });

    it("writes the story itself when nothing is wrong (the control row)", async () => {
      await s.proxy().set({ kind: "none" });
      const { events, elapsed } = await timedStory(apps[s.app]!, token);
      const story = events.at(-1)!.data.story as StoryView;
      expect(events.at(-1)!.event).toBe("done");
      expect(story.provider).toBe(name);
      if (s.provider === "llm") expect(story.body).toBe(STORY_TEXT);
      expect(story.stats.attempts).toEqual([]);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      summary(s.kind, "none", name, elapsed, TIMEOUT_MS);
    });

    for (const row of FAULTS) {
      it(`${row.label}: Praxis's own model writes it within the timeout, and the story says why`, async () => {
        const proxy = s.proxy();
        const server = apps[s.app]!;
        const logged = (await logLines(server, "story writer failed")).length;
        await proxy.set(faultWith(row.fault, s.marker));
        const { events, restart, elapsed } = await timedStory(server, token);
        const budget = budgetMs(s.provider, row);

        expect(events.at(-1)!.event).toBe("done");
        const story = events.at(-1)!.data.story as StoryView;
        expect(story.provider).toBe("local");
        // Recorded on the story: which writer failed first, and how.
        expect(story.stats.attempts).toHaveLength(1);
        expect(story.stats.attempts[0]!.provider).toBe(name);
        expect(story.stats.attempts[0]!.error).toMatch(expectedError(s.provider, row));
        // Text shown before a mid-reply stall is withdrawn (restart), and the reader ends with the local story.
        if (row.fault.kind === "stall" && row.fault.after) {
          expect(restart).toBeGreaterThan(0);
          expect(events[restart]!.data).toEqual({ failed: name, next: "local" });
        } else expect(restart).toBe(-1);
        const shown = events
          .slice(restart + 1)
          .filter((e) => e.event === "token")
          .map((e) => e.data.text as string)
          .join("");
        expect(shown).toBe(story.body);
        // The stored row is the one served.
        const stored = await fetch(`${server.url}/api/stories/${story.id}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(((await stored.json()) as { story: StoryView }).story).toMatchObject({
          provider: "local",
          stats: { attempts: [{ provider: name }] },
        });
        // And logged by the server, as a warning naming the writer.
        await waitFor("the writer's failure in the log", async () => {
          const lines = await logLines(server, "story writer failed");
          return lines.length > logged && lines.slice(logged).some((l) => l.includes(`"provider":"${name}"`));
        });

        expect(proxy.requests).toBe(expectedRequests(s.provider, row));
        if (row.timed) expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
        expect(elapsed).toBeLessThan(budget + MARGIN_MS);
        summary(s.kind, row.label, "local", elapsed, budget, `; ${proxy.requests} request(s) reached it`);
      });
    }
  });
}

/** What the story's attempts say about each fault (the SDKs' errors, our limits, the sidecar provider's). */
function expectedError(provider: "llm" | "sidecar", row: FaultRow): RegExp {
  const f = row.fault;
  if (provider === "llm") {
    if (f.kind === "hang") return /LlmTimeoutError: no response within 3000 ms/;
    if (f.kind === "stall") return /LlmTimeoutError: the stream stalled/;
    if (f.kind === "status" && f.status === 429) return /LlmTimeoutError: no response within 3000 ms/;
    if (f.kind === "status") return new RegExp(`\\b${f.status}\\b`);
    return /Connection error/;
  }
  if (f.kind === "hang" || f.kind === "stall") return /sent nothing for 1500 ms/;
  if (f.kind === "status") return new RegExp(`sidecar answered ${f.status}`);
  return /fetch failed/;
}

/**
 * How many requests reach the faulty provider: the SDK retries errors before headers (its backoff is well
 * inside the budget) but waits out a 429's 30 s Retry-After, which the budget cuts short; the sidecar writer
 * does not retry (the local model is right behind it).
 */
function expectedRequests(provider: "llm" | "sidecar", row: FaultRow): number {
  const f = row.fault;
  if (f.kind === "refused") return 0;
  if (provider === "sidecar" || f.kind === "stall") return 1;
  if (f.kind === "status" && f.status === 429) return 1;
  return RETRIES + 1;
}

// --- a job handler that throws, on the real server's worker ------------------------------------------------

describe("a job handler that throws (typing.enrich given a job it cannot read)", () => {
  const RETRY_LIMIT = 3;
  const RETRY_DELAY_S = 1;
  // The raw client may hand timestamps back as strings: read them through Date.
  type Row = { state: string; retry_count: number; started_on: string | null; start_after: string };
  const ms = (t: string) => new Date(t).getTime();
  const jobRow = async (id: string) =>
    (
      await getDbHandle().sql<Row[]>`
        select state::text as state, retry_count, started_on, start_after from pgboss.job where id = ${id}`
    )[0];

  interface AdminQueues {
    queues: { name: string; deadLetter: string | null; counts: Record<string, number> }[];
    failures: { id: string; name: string; state: string; error: string; retryCount: number }[];
  }
  /** GET /api/admin/queues as the admin, with the server's last logged error should it fail. */
  const adminQueues = async (server: ServerProcess, cookie: string) => {
    const response = await fetch(`${server.url}/api/admin/queues`, { headers: { Cookie: cookie } });
    return {
      status: response.status,
      body: (await response.json()) as AdminQueues,
      serverError: response.ok
        ? null
        : (await logLines(server, '"level":50')).slice(-2).join("\n").slice(0, 1200),
    };
  };
  async function adminCookie(server: ServerProcess): Promise<string> {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams(ADMIN),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    return response.headers.getSetCookie()[0]!.split(";")[0]!;
  }

  let server: ServerProcess;
  let cookie: string;
  let id: string;
  let failed: Row;
  /** What the admin API listed while the job was between attempts. */
  let whileRetrying: Awaited<ReturnType<typeof adminQueues>> | undefined;

  beforeAll(async () => {
    server = apps.openai!;
    cookie = await adminCookie(server);
    // A sender only: the app process (PRAXIS_ROLE=all) runs the workers.
    await startBoss({ url: getDbHandle().url, work: false });
  });
  afterAll(() => stopBoss(5_000));

  it("is retried with growing delays, then dead-lettered, by the real server's worker", async () => {
    const probe = `faults-${Date.now()}`;
    // rawId must be a string, so the real handler throws. Per-job retry options keep the test short; the
    // queue's own dead-letter queue is used.
    id = (await getBoss().send(
      "typing.enrich",
      { rawId: 42, probe },
      { retryLimit: RETRY_LIMIT, retryDelay: RETRY_DELAY_S, retryBackoff: true },
    ))!;
    const planned = new Map<number, number>();
    failed = await waitFor(
      "the job to use up its retries",
      async () => {
        const row = await jobRow(id);
        if (row?.state === "retry" && row.started_on && !planned.has(row.retry_count)) {
          // The wait pg-boss planned after this failed attempt: from the attempt's start to the next one.
          planned.set(row.retry_count, ms(row.start_after) - ms(row.started_on));
          whileRetrying ??= await adminQueues(server, cookie);
        }
        return row?.state === "failed" ? row : null;
      },
      45_000,
    );
    expect(failed.retry_count).toBe(RETRY_LIMIT);
    // Backoff: after failure k pg-boss waits between d·2^k and d·2^(k+1) (doubling, with jitter), so the
    // lower bounds alone show the waits growing; a fixed delay would stay at d. (+1 s on the upper bound: the
    // attempt's own run, from its start to its failure being recorded, on a busy machine.)
    expect([...planned.keys()].sort()).toEqual([0, 1, 2]);
    const waits = [0, 1, 2].map((k) => planned.get(k)!);
    waits.forEach((wait, k) => {
      expect(wait).toBeGreaterThanOrEqual(RETRY_DELAY_S * 1000 * 2 ** k);
      expect(wait).toBeLessThanOrEqual(RETRY_DELAY_S * 1000 * 2 ** (k + 1) + 1_000);
    });

    // Dead-lettered: the payload lands on typing.enrich.dead, where nothing consumes it.
    const [dead] = await waitFor("the dead letter", () =>
      getDbHandle().sql<{ state: string; data: unknown }[]>`
        select state::text as state, data from pgboss.job
        where name = 'typing.enrich.dead' and data->>'probe' = ${probe}`.then((r) => (r.length ? r : null)),
    );
    expect(dead).toMatchObject({ state: "created", data: { rawId: 42, probe } });
    // The worker logged every attempt's failure.
    await waitFor(
      "every failed attempt in the log",
      async () =>
        (await logLines(server, '"msg":"job failed"')).filter((l) => l.includes(id)).length >=
        RETRY_LIMIT + 1,
    );
    console.log(
      `[fault] job handler throws      typing.enrich            -> typing.enrich.dead after ${RETRY_LIMIT + 1} attempts; planned waits ${waits.map((w) => `${w} ms`).join(", ")} (retryDelay ${RETRY_DELAY_S} s, backoff)`,
    );
  }, 60_000);

  it("is shown to an admin over HTTP (while retrying and once dead), who can retry it", async () => {
    expect(id).toBeDefined();
    // While it was being retried: listed with the handler's error.
    expect(whileRetrying?.status, whileRetrying?.serverError ?? "").toBe(200);
    expect(whileRetrying!.body.failures.find((f) => f.id === id)).toMatchObject({
      name: "typing.enrich",
      state: "retry",
      error: expect.stringContaining(`job ${id}: no rawId`),
    });

    // Once dead: the queue counts, the failure with its error and retries, the job itself, and the page.
    const now = await adminQueues(server, cookie);
    expect(now.status, now.serverError ?? "").toBe(200);
    const queue = (n: string) => now.body.queues.find((q) => q.name === n)!;
    expect(queue("typing.enrich").deadLetter).toBe("typing.enrich.dead");
    expect(queue("typing.enrich").counts.failed).toBeGreaterThanOrEqual(1);
    expect(queue("typing.enrich.dead").counts.created).toBeGreaterThanOrEqual(1);
    expect(now.body.failures.find((f) => f.id === id)).toMatchObject({
      name: "typing.enrich",
      state: "failed",
      error: expect.stringContaining(`job ${id}: no rawId`),
      retryCount: RETRY_LIMIT,
    });
    const one = await fetch(`${server.url}/api/admin/jobs/${id}`, { headers: { Cookie: cookie } });
    expect(await one.json()).toMatchObject({
      id,
      queue: "typing.enrich",
      state: "failed",
      retries: RETRY_LIMIT,
    });
    const page = await fetch(`${server.url}/admin/jobs`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(id);
    expect(html).toContain("no rawId");

    // The admin retries it over HTTP: it runs again (and, still unreadable, fails again).
    const retry = await fetch(`${server.url}/api/admin/jobs`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: server.url },
      body: JSON.stringify({ action: "retry", queue: "typing.enrich", id }),
    });
    expect(retry.status).toBe(200);
    await waitFor("the retried job to run again", async () => {
      const row = await jobRow(id);
      return row?.started_on && ms(row.started_on) > ms(failed.started_on!) && row.state !== "active";
    });
  });
});
