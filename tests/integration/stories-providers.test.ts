import path from "node:path";
import fs from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tempDataDir } from "../../db/embedded";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fake-llm-server";
import { startServerProcess, stopServerProcess, type ServerProcess } from "../support/server-process";
import { readSse, textOf } from "../support/sse";

/**
 * The writers behind one interface, each real: a sidecar process (the app started with PRAXIS_ROLE=ml),
 * and OpenAI/Anthropic through their SDKs against a local server speaking their wire formats. The app
 * processes here use this file's own database.
 */
const SECRET = "sidecar-secret-for-tests-0123456789";
let fake: FakeLlmServer;
let sidecar: ServerProcess;
let app: ServerProcess;
let broken: ServerProcess;
let dir: string;

async function appServer(name: string, env: Record<string, string>) {
  return startServerProcess(
    {
      DATABASE_URL: process.env.PRAXIS_TEST_DATABASE_URL!,
      SESSION_SECRET: "integration-test-secret-0123456789abcdef",
      COOKIE_SECURE: "false",
      SEED_DEMO_DATA: "false",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.openAiBaseUrl,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
      LLM_REQUEST_TIMEOUT_SECONDS: "2",
      LLM_MAX_RETRIES: "0",
      STORY_SIDECAR_SECRET: SECRET,
      ...env,
    },
    path.join(dir, `${name}.log`),
  );
}

beforeAll(async () => {
  dir = path.dirname(await tempDataDir("praxis-stories-"));
  fake = await startFakeLlmServer();
  sidecar = await startServerProcess(
    { PRAXIS_ROLE: "ml", STORY_SIDECAR_SECRET: SECRET, STORY_MAX_CONCURRENT: "2", STORY_MAX_QUEUED: "2" },
    path.join(dir, "sidecar.log"),
  );
  app = await appServer("app", {
    STORY_PROVIDERS: "openai,anthropic,sidecar,local",
    STORY_SIDECAR_URL: sidecar.url,
  });
  // Every writer fails here: hosted ones by script, the sidecar is a closed port. One story at a time.
  broken = await appServer("broken", {
    STORY_PROVIDERS: "openai,sidecar",
    STORY_SIDECAR_URL: "http://127.0.0.1:9",
    STORY_MAX_CONCURRENT: "1",
    STORY_MAX_QUEUED: "0",
  });
}, 120_000);

afterAll(async () => {
  for (const s of [broken, app, sidecar]) if (s) await stopServerProcess(s);
  await fake?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.requests.length = 0;
  fake.fallback("openai", { text: " there lived a kind dragon. The end." });
  fake.fallback("anthropic", { text: " a bear baked bread. The end." });
});

let tokenCounter = 0;
async function tokenFor(server: ServerProcess): Promise<string> {
  const origin = server.url;
  const email = `writer-${Date.now()}-${tokenCounter++}@example.test`;
  const signup = await fetch(`${origin}/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email, displayName: "W", password: "correct-horse-battery" }),
    redirect: "manual",
  });
  const cookie = signup.headers.getSetCookie()[0]!.split(";")[0]!;
  const token = await fetch(`${origin}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
    body: JSON.stringify({ name: "t" }),
  });
  return ((await token.json()) as { token: string }).token;
}

const post = (server: ServerProcess, token: string, body: Record<string, unknown>) =>
  fetch(`${server.url}/api/stories`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

interface Story {
  provider: string;
  model: string;
  body: string;
  stats: { attempts: { provider: string; error: string }[]; newTokens: number | null; stopReason: string };
}

describe("story writers and fallback", () => {
  it("uses the first writer in order, recorded on the story (OpenAI through its SDK)", async () => {
    const token = await tokenFor(app);
    const response = await post(app, token, { prompt: "Once upon a time", maxTokens: 80, stream: false });
    expect(response.status).toBe(201);
    const { story } = (await response.json()) as { story: Story };
    expect(story).toMatchObject({
      provider: "openai",
      model: "gpt-4.1-mini",
      body: " there lived a kind dragon. The end.",
    });
    expect(story.stats.newTokens).toBeNull();
    const request = fake.requests.find((r) => r.vendor === "openai")!;
    expect(request.body).toMatchObject({ stream: true, max_completion_tokens: 80 });
    expect(JSON.stringify(request.body.messages)).toContain("Once upon a time");
  });

  it("writes a French story with the learner's due words through a hosted writer", async () => {
    const token = await tokenFor(app);
    const auth = { "Content-Type": "application/json", Authorization: `Bearer ${token}` };
    const profile = await fetch(`${app.url}/api/v1/learn/profile`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ cefr_level: "A1", timezone: "UTC" }),
    });
    expect(profile.status).toBe(200);
    const queue = (await (
      await fetch(`${app.url}/api/v1/progress/queue?limit=2`, { headers: auth })
    ).json()) as {
      items: { word_id: number; french: string }[];
    };
    for (const item of queue.items) {
      const review = await fetch(`${app.url}/api/v1/progress/review`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ word_id: item.word_id, rating: 0 }),
      });
      expect(review.status).toBe(201);
    }
    fake.fallback("openai", { text: ` ${queue.items[0]!.french} est là. Fin.` });
    const response = await post(app, token, {
      prompt: "Il était une fois",
      words: "due",
      language: "fr",
      maxTokens: 80,
      stream: false,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { story } = (await response.json()) as {
      story: Story & { params: { language: string; words: { french: string; used: boolean }[] } };
    };
    expect(story.provider).toBe("openai");
    expect(story.params.language).toBe("fr");
    expect(story.params.words.map((w) => w.french).sort()).toEqual(queue.items.map((i) => i.french).sort());
    expect(story.params.words.find((w) => w.french === queue.items[0]!.french)!.used).toBe(true);
    const system = JSON.stringify(fake.requests.find((r) => r.vendor === "openai")!.body.messages);
    expect(system).toContain("simple French");
    for (const item of queue.items) expect(system).toContain(item.french);
  });

  it("falls back mid-stream: the reader is told to restart and the next writer's story is recorded", async () => {
    const token = await tokenFor(app);
    fake.script("openai", { breakAfter: " there was a" });
    const events = await readSse(await post(app, token, { prompt: "Once upon a time", maxTokens: 80 }));
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("start");
    const restartAt = names.indexOf("restart");
    expect(restartAt).toBeGreaterThan(0);
    expect(events[restartAt]!.data).toEqual({ failed: "openai", next: "anthropic" });
    const story = events.at(-1)!.data.story as Story;
    expect(story.provider).toBe("anthropic");
    expect(story.body).toBe(" a bear baked bread. The end.");
    expect(textOf(events.slice(restartAt))).toBe(story.body);
    expect(story.stats.attempts).toHaveLength(1);
    expect(story.stats.attempts[0]!.provider).toBe("openai");
  });

  it("reaches the sidecar process when the hosted writers fail, and it streams the model's tokens", async () => {
    const token = await tokenFor(app);
    fake.script("openai", { status: 500 });
    fake.script("anthropic", { status: 529, message: "overloaded" });
    const events = await readSse(
      await post(app, token, { prompt: "Tom and his dog", maxTokens: 40, seed: 21 }),
    );
    const story = events.at(-1)!.data.story as Story;
    expect(story.provider).toBe("sidecar");
    expect(story.model).toMatch(/praxis-story.*\(sidecar\)/);
    expect(story.stats.newTokens).toBeGreaterThan(0);
    expect(story.stats.attempts.map((a) => a.provider)).toEqual(["openai", "anthropic"]);
    expect(events.filter((e) => e.event === "token").length).toBeGreaterThan(3);
    expect(textOf(events)).toBe(story.body);

    // The sidecar runs the same model and sampling as the app process: same seed, same story.
    const local = await post(app, token, {
      prompt: "Tom and his dog",
      maxTokens: 40,
      seed: 21,
      provider: "local",
      stream: false,
    });
    expect(((await local.json()) as { story: Story }).story.body).toBe(story.body);
  });

  it("pins one writer with `provider`, with no fallback", async () => {
    const token = await tokenFor(app);
    const response = await post(app, token, {
      prompt: "Lily",
      maxTokens: 20,
      provider: "sidecar",
      stream: false,
    });
    const { story } = (await response.json()) as { story: Story };
    expect(story.provider).toBe("sidecar");
    expect(fake.requests).toHaveLength(0);
  });

  it("answers 503 problem details naming every failed writer when all fail (JSON and stream)", async () => {
    const token = await tokenFor(broken);
    fake.script("openai", { status: 500 }, { status: 500 });
    const json = await post(broken, token, { prompt: "Once upon a time", stream: false });
    expect(json.status).toBe(503);
    expect(json.headers.get("content-type")).toMatch(/problem\+json/);
    const problem = (await json.json()) as { detail: string };
    expect(problem.detail).toMatch(/openai/);
    expect(problem.detail).toMatch(/sidecar/);

    const events = await readSse(await post(broken, token, { prompt: "Once upon a time" }));
    expect(events.map((e) => e.event)).toEqual(["start", "error"]);
    expect(events[1]!.data).toMatchObject({ status: 503 });
  });

  it("refuses with 429 and Retry-After when its one slot is busy and nobody may wait", async () => {
    const token = await tokenFor(broken);
    fake.script("openai", { hang: true });
    const first = await post(broken, token, { prompt: "Once upon a time" });
    const reader = first.body!.getReader();
    await reader.read(); // the start event: this story holds the slot
    const second = await post(broken, token, { prompt: "Once upon a time" });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await reader.cancel();
  });

  it("the sidecar itself: health, shared secret, validation, streaming lines", async () => {
    const health = await fetch(`${sidecar.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", role: "ml" });
    const body = { prompt: "Once upon a time", maxTokens: 10, temperature: 0, topK: 0, topP: 1, seed: 1 };
    const call = (auth: string | null, b: unknown = body) =>
      fetch(`${sidecar.url}/v1/generate`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify(b),
      });
    expect((await call(null)).status).toBe(401);
    expect((await call("wrong-secret-wrong-secret-wrong")).status).toBe(401);
    const bad = await call(SECRET, { ...body, maxTokens: 100_000, temperature: "hot" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      "maxTokens",
      "temperature",
    ]);
    const ok = await call(SECRET);
    expect(ok.headers.get("content-type")).toMatch(/ndjson/);
    const lines = (await ok.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.at(-1)).toMatchObject({ type: "done", newTokens: 10, stopReason: "max_tokens" });
    expect(lines.filter((l) => l.type === "text").length).toBeGreaterThan(3);
    // The main app has no database-free role: the sidecar serves nothing else.
    expect((await fetch(`${sidecar.url}/api/stories`)).status).toBe(404);
  });
});
