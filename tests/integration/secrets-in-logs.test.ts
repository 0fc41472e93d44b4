import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, stopServerProcess, type ServerProcess } from "../support/server-process";

/**
 * Issue 10, security: secrets never reach the logs. A server runs at debug level with every secret set to a
 * value we can search for, and with its hosted LLM writers pointed at a closed port, so their failures (the
 * likeliest place for a key to leak) are logged too. Then people sign up, fail to log in, log in, make and
 * use tokens, and ask for stories; the log must hold none of the secrets.
 */
const SECRETS = {
  SESSION_SECRET: "session-secret-QX7-never-log-me-0123456789",
  ADMIN_PASSWORD: "admin-password-QX7-never-log-me",
  OPENAI_API_KEY: "sk-openai-QX7-never-log-me",
  ANTHROPIC_API_KEY: "sk-ant-QX7-never-log-me",
  STORY_SIDECAR_SECRET: "sidecar-secret-QX7-never-log-me",
};
const PASSWORD = "learner-password-QX7-never-log-me";
const WRONG_PASSWORD = "wrong-password-QX7-never-log-me";

let dir: string;
let server: ServerProcess;
const seen: string[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "praxis-secrets-"));
  server = await startServerProcess(
    {
      ...SECRETS,
      DATABASE_URL: process.env.PRAXIS_TEST_DATABASE_URL!,
      ADMIN_EMAIL: "admin@secrets.test",
      COOKIE_SECURE: "false",
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "debug",
      // A closed port (9 is on fetch's blocked list, which would fail before any request is built).
      OPENAI_BASE_URL: "http://127.0.0.1:59999/v1",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:59999",
      LLM_MAX_RETRIES: "0",
      STORY_PROVIDERS: "openai,anthropic,local",
    },
    path.join(dir, "server.log"),
  );
});
afterAll(async () => {
  if (server) await stopServerProcess(server);
  await fs.rm(dir, { recursive: true, force: true });
});

const origin = () => server.url;
async function post(
  pathname: string,
  init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> },
) {
  const headers: Record<string, string> = { Origin: origin(), ...init.headers };
  let body: string | undefined;
  if (init.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  return fetch(`${origin()}${pathname}`, { method: "POST", headers, body, redirect: "manual" });
}
const cookieOf = (r: Response) => r.headers.getSetCookie()[0]!.split(";")[0]!;

describe("secrets in the logs", () => {
  it("logs none of them, through sign-up, failed logins, tokens and failing LLM writers", async () => {
    const email = "secrets@example.test";
    const signup = await post("/signup", { form: { email, displayName: "S", password: PASSWORD } });
    expect(signup.status).toBe(302);
    const cookie = cookieOf(signup);
    seen.push(cookie.split("=")[1]!);

    expect((await post("/login", { form: { email, password: WRONG_PASSWORD } })).status).toBe(401);
    expect(
      (await post("/login", { form: { email: "admin@secrets.test", password: SECRETS.ADMIN_PASSWORD } }))
        .status,
    ).toBe(302);

    const tokenResponse = await post("/api/tokens", { json: { name: "t" }, headers: { Cookie: cookie } });
    expect(tokenResponse.status).toBe(201);
    const { token } = (await tokenResponse.json()) as { token: string };
    seen.push(token);
    const auth = { Authorization: `Bearer ${token}` };
    expect((await fetch(`${origin()}/api/me`, { headers: auth })).status).toBe(200);
    expect(
      (await fetch(`${origin()}/api/me`, { headers: { Authorization: `Bearer ${token}x` } })).status,
    ).toBe(401);

    // OpenAI and Anthropic both fail (closed port), and the story falls back to the local model.
    const story = await post("/api/stories", {
      json: { prompt: "Once upon a time", maxTokens: 8, seed: 1, stream: false },
      headers: auth,
    });
    expect(story.status).toBe(201);
    expect(((await story.json()) as { story: { provider: string } }).story.provider).toBe("local");

    await stopServerProcess(server);
    const log = await fs.readFile(server.logFile, "utf8");
    // The log is real: both failed writers are in it, with their errors and stacks.
    expect(log).toMatch(/"provider":"openai".*story writer failed/);
    expect(log).toMatch(/"provider":"anthropic".*story writer failed/);
    const leaks = [...Object.values(SECRETS), PASSWORD, WRONG_PASSWORD, ...seen].filter((s) =>
      log.includes(s),
    );
    expect(leaks).toEqual([]);
  });
});
