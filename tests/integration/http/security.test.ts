import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { tempDataDir } from "../../../db/embedded";
import { startFakeLlmServer, type FakeLlmServer } from "../../support/fake-llm-server";
import { callAt, form, randomIp, sessionCookieOf, uniqueEmail, type CallOptions } from "../../support/http";
import {
  root,
  startServerProcess,
  stopServerProcess,
  type ServerProcess,
} from "../../support/server-process";
import { waitFor } from "../../support/wait";

/**
 * Security properties, proved against the real server (server.ts, production build) run the way it is
 * hosted: NODE_ENV=production with no COOKIE_SECURE override (so cookies must be Secure), behind a proxy
 * (TRUST_PROXY), with LLM keys (a local server speaking OpenAI's wire format) so tutor turns and stories
 * reach a model. It has this file's own database, so "writes nothing" is checked on the whole database, and
 * low generation limits so they can be reached in a test. ADR 005 (sessions, cross-site check, login and
 * token limits) and ADR 021 (limits on generation).
 */
const LIMITS = {
  TUTOR_LLM_RATE_LIMIT_PER_MINUTE: 3,
  TUTOR_LLM_RATE_LIMIT_PER_DAY: 5,
  STORY_RATE_LIMIT_PER_HOUR: 2,
  STORY_RATE_LIMIT_PER_DAY: 3,
};
const ADMIN = { email: "security-admin@test.local", password: "admin-password-456" };
const EVIL = "https://evil.example";
const MODEL_TEXT = " there lived a kind dragon. The end.";
const HANG_MARKER = "HANG-THIS-STORY";

let fake: FakeLlmServer;
let server: ServerProcess;
let dir: string;
let sql: Sql;

beforeAll(async () => {
  dir = path.dirname(await tempDataDir("praxis-security-"));
  fake = await startFakeLlmServer();
  server = await startServerProcess(
    {
      DATABASE_URL: process.env.PRAXIS_TEST_DATABASE_URL!,
      SESSION_SECRET: "security-test-secret-0123456789abcdef-xyz",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO_DATA: "false",
      TRUST_PROXY: "true",
      // HTTP only: no job workers write behind the test's back while it compares database snapshots.
      PRAXIS_ROLE: "web",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.openAiBaseUrl,
      LLM_PROVIDER_ORDER: "openai",
      LLM_MAX_RETRIES: "0",
      // The story held in its slot below must stay held for the whole test, however slow the machine.
      LLM_REQUEST_TIMEOUT_SECONDS: "120",
      STORY_PROVIDERS: "openai",
      STORY_MAX_CONCURRENT: "1",
      STORY_MAX_QUEUED: "0",
      ...Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, String(v)])),
    },
    path.join(dir, "server.log"),
  );
  sql = postgres(process.env.PRAXIS_TEST_DATABASE_URL!, { max: 2, onnotice: () => undefined });
}, 120_000);

afterAll(async () => {
  if (server) await stopServerProcess(server);
  await sql?.end();
  await fake?.close();
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
});

const isCorrections = (body: Record<string, unknown>) =>
  JSON.stringify(body).includes("You mark a French learner");
beforeEach(() => {
  // The tutor's corrections get valid JSON; a story naming HANG_MARKER gets a writer that never answers.
  fake.respond("openai", (body) =>
    isCorrections(body)
      ? { text: '{"errors":[]}' }
      : JSON.stringify(body).includes(HANG_MARKER)
        ? { hang: true }
        : { text: MODEL_TEXT },
  );
});

/** tests/support/http's call(), against this file's server. */
const call = (urlPath: string, options: CallOptions = {}) => callAt(server.url, urlPath, options);

const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };
const me = (cookie: string) => call("/api/me", { cookie });

async function signup(email = uniqueEmail(), password = "correct-horse-battery", cookie?: string) {
  const response = await call("/signup", {
    body: form({ email, displayName: "Sec", password }),
    headers: formHeaders,
    ...(cookie ? { cookie } : {}),
  });
  expect(response.status, await response.clone().text()).toBe(302);
  return { email, password, cookie: sessionCookieOf(response)!, response };
}

const login = (email: string, password: string, options: CallOptions = {}) =>
  call("/login", { ...options, body: form({ email, password }), headers: formHeaders });

async function adminCookie(): Promise<string> {
  const cookie = sessionCookieOf(await login(ADMIN.email, ADMIN.password));
  if (!cookie) throw new Error("admin login failed");
  return cookie;
}

/** A learner with a French profile, a cookie, an API token and their id. */
async function learner() {
  const { cookie } = await signup();
  const created = await call("/api/tokens", { cookie, json: { name: "security" } });
  expect(created.status).toBe(201);
  const { token, id: tokenId } = (await created.json()) as { token: string; id: string };
  const { user } = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  const profile = await call("/api/v1/learn/profile", {
    method: "PUT",
    token,
    json: { cefr_level: "A1", timezone: "UTC" },
  });
  expect(profile.status).toBe(200);
  return { cookie, token, tokenId, id: user.id };
}

async function tutorSession(token: string): Promise<string> {
  const response = await call("/api/v1/sessions", { token, json: { scenario: "cafe" } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { session: { id: string } }).session.id;
}

const retryAfter = (response: Response) => {
  const value = response.headers.get("retry-after");
  expect(value, "Retry-After header").toMatch(/^\d+$/);
  return Number(value);
};

/** A spent per-user limit: 429, problem details of the rate-limit type, Retry-After in whole seconds. */
async function expectRateLimited(response: Response, maxSeconds: number) {
  expect(response.status).toBe(429);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const wait = retryAfter(response);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(maxSeconds);
  const body = (await response.json()) as { type: string; title: string; status: number; detail: string };
  expect(body).toMatchObject({
    type: "https://praxis.dev/problems/rate-limit",
    title: "Rate limit reached",
    status: 429,
  });
  return { wait, body };
}

/** Moves a limit's window into the past, as if its time had run out. */
async function expireWindow(key: string, seconds: number) {
  const rows = await sql`
    update rate_limit_hits set window_start = window_start - make_interval(secs => ${seconds + 1})
    where key = ${key} returning key`;
  expect(rows).toHaveLength(1);
}

/** Every row of every table in the public schema, hashed per table (plus jobs enqueued since `since`). */
async function snapshot(since: Date): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ hash: string; n: number }[]>(
      `select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as hash, count(*)::int as n
       from public."${name}" t`,
    );
    out[name] = `${row!.n}:${row!.hash}`;
  }
  const [jobs] = await sql<{ n: number }[]>`
    select count(*)::int as n from pgboss.job where created_on >= ${since}`;
  out["pgboss.job (new)"] = String(jobs!.n);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Which routes change state: every route module with an `action` export (found on disk, so a new route is
// covered without editing this file), turned into a URL the way Remix's flat routes name them.

interface ActionRoute {
  file: string;
  path: string;
  api: boolean;
}

function actionRoutes(ids: { param: (route: string, name: string) => string }): ActionRoute[] {
  const dirPath = path.join(root, "app/routes");
  const routes: ActionRoute[] = [];
  for (const file of fs.readdirSync(dirPath).sort()) {
    if (!/\.tsx?$/.test(file) || file.includes(".test.")) continue;
    const source = fs.readFileSync(path.join(dirPath, file), "utf8");
    if (!/export\s+(async\s+)?(function|const)\s+action\b/.test(source)) continue;
    const stem = file.replace(/\.tsx?$/, "");
    // Split on dots outside [...] escapes: "api.openapi[.json]" -> ["api", "openapi.json"].
    const segments: string[] = [];
    let current = "";
    let escaped = false;
    for (const ch of stem) {
      if (ch === "[") escaped = true;
      else if (ch === "]") escaped = false;
      else if (ch === "." && !escaped) {
        segments.push(current);
        current = "";
      } else current += ch;
    }
    segments.push(current);
    const urlSegments = segments
      .filter((s) => s !== "_index")
      .map((s) => (s === "$" ? "no-such-thing" : s.startsWith("$") ? ids.param(stem, s.slice(1)) : s));
    routes.push({ file, path: `/${urlSegments.join("/")}`, api: segments[0] === "api" });
  }
  return routes;
}

/** Pages with a loader and no URL parameter: what a signed-in user opens. */
function plainPages(): string[] {
  const dirPath = path.join(root, "app/routes");
  return fs
    .readdirSync(dirPath)
    .filter((f) => f.endsWith(".tsx") && !f.startsWith("api.") && !f.includes("$"))
    .map((f) => f.replace(/\.tsx$/, ""))
    .map(
      (stem) =>
        `/${stem
          .split(".")
          .filter((s) => s !== "_index")
          .join("/")}`,
    );
}

// ---------------------------------------------------------------------------------------------------------

describe("session fixation", () => {
  it("a session the browser had before login (the attacker's own, planted) is revoked, never adopted", async () => {
    const attacker = await signup();
    const victim = await signup();
    // The victim's browser carries the attacker's session cookie and logs in to the victim's account.
    const response = await login(victim.email, victim.password, { cookie: attacker.cookie });
    expect(response.status).toBe(302);
    const fresh = sessionCookieOf(response)!;
    expect(fresh).not.toBe(attacker.cookie);
    // The planted session is dead, and does not lead into the victim's account.
    expect((await me(attacker.cookie)).status).toBe(401);
    const who = (await (await me(fresh)).json()) as { user: { email: string } };
    expect(who.user.email).toBe(victim.email);
  });

  it("a made-up cookie value is never honoured and is replaced at login and at signup", async () => {
    const planted = "praxis_session=attacker-chosen-value";
    expect((await me(planted)).status).toBe(401);
    const user = await signup(uniqueEmail(), "correct-horse-battery", planted);
    expect(user.cookie).not.toBe(planted);
    const again = await login(user.email, user.password, { cookie: planted });
    expect(sessionCookieOf(again)).not.toBe(planted);
    expect((await me(planted)).status).toBe(401);
  });

  it("rotates the session at login and kills the old one; logout kills the session on the server", async () => {
    const { email, password, cookie: first } = await signup();
    const response = await login(email, password, { cookie: first });
    const second = sessionCookieOf(response)!;
    expect(second).not.toBe(first);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);

    const logout = await call("/logout", { method: "POST", cookie: second });
    expect(logout.status).toBe(302);
    expect(logout.headers.getSetCookie().join()).toMatch(/praxis_session=;/);
    // Dead on the server, not only cleared in the browser: a copy of the cookie is worthless.
    expect((await me(second)).status).toBe(401);
    // The database keeps only hashes of session tokens, never the cookie's token itself.
    const token = decodeURIComponent(second.split("=")[1]!);
    expect(await sql`select 1 from sessions where id = ${token}`).toHaveLength(0);
  });
});

describe("cookie flags (production, no COOKIE_SECURE override)", () => {
  function parseSetCookie(header: string) {
    const [pair, ...attributes] = header.split(";").map((s) => s.trim());
    const name = pair!.slice(0, pair!.indexOf("="));
    const attrs = new Map<string, string>();
    for (const a of attributes) {
      const at = a.indexOf("=");
      attrs.set((at < 0 ? a : a.slice(0, at)).toLowerCase(), at < 0 ? "" : a.slice(at + 1));
    }
    return { name, value: pair!.slice(name.length + 1), attrs };
  }
  const cookiesOf = (response: Response) => response.headers.getSetCookie().map(parseSetCookie);

  /** Every cookie the app sets: HttpOnly, SameSite Lax or Strict, Path=/, host-only, a bounded Max-Age. */
  function expectHardened(cookie: ReturnType<typeof parseSetCookie>, maxAgeSeconds: number) {
    expect(cookie.attrs.has("httponly"), `${cookie.name} HttpOnly`).toBe(true);
    expect(cookie.attrs.get("samesite")?.toLowerCase(), `${cookie.name} SameSite`).toMatch(/^(lax|strict)$/);
    expect(cookie.attrs.get("path"), `${cookie.name} Path`).toBe("/");
    expect(cookie.attrs.has("domain"), `${cookie.name} has no Domain (host-only)`).toBe(false);
    // Max-Age bounds the lifetime (Remix writes no Expires beside it; a cleared cookie gets both).
    const maxAge = Number(cookie.attrs.get("max-age"));
    expect(Number.isInteger(maxAge), `${cookie.name} Max-Age`).toBe(true);
    expect(maxAge, `${cookie.name} Max-Age`).toBeLessThanOrEqual(maxAgeSeconds);
    const expires = cookie.attrs.get("expires");
    if (expires !== undefined)
      expect(Date.parse(expires), `${cookie.name} Expires`).toBeLessThanOrEqual(
        Date.now() + maxAgeSeconds * 1000,
      );
  }

  it("the session cookie: HttpOnly, SameSite=Lax, Secure, Path=/, no Domain, at most 400 days; cleared the same way", async () => {
    const { response, email, password } = await signup();
    const fromSignup = cookiesOf(response).find((c) => c.name === "praxis_session")!;
    const fromLogin = cookiesOf(await login(email, password)).find((c) => c.name === "praxis_session")!;
    for (const cookie of [fromSignup, fromLogin]) {
      expectHardened(cookie, 400 * 86_400);
      expect(cookie.attrs.get("samesite")).toBe("Lax");
      expect(cookie.attrs.has("secure"), "Secure in production").toBe(true);
      // Signed: the value is the token plus an HMAC, not something a client can choose.
      expect(decodeURIComponent(cookie.value)).toMatch(/\.[A-Za-z0-9+/]+$/);
    }
    const logout = await call("/logout", { method: "POST", cookie: `praxis_session=${fromLogin.value}` });
    const cleared = cookiesOf(logout).find((c) => c.name === "praxis_session")!;
    expect(cleared.value).toBe("");
    expectHardened(cleared, 0);
    expect(cleared.attrs.has("secure")).toBe(true);
  });

  it("the theme cookie: HttpOnly, SameSite=Lax, Path=/, no Domain, a year", async () => {
    const { cookie } = await signup();
    const response = await call("/theme", { cookie, body: form({ theme: "dark" }), headers: formHeaders });
    expect(response.status).toBe(302);
    const theme = cookiesOf(response).find((c) => c.name === "praxis_theme")!;
    expectHardened(theme, 365 * 86_400);
  });

  it("the theme cookie is Secure in production", async () => {
    const response = await call("/theme", { body: form({ theme: "dark" }), headers: formHeaders });
    expect(
      cookiesOf(response)
        .find((c) => c.name === "praxis_theme")!
        .attrs.has("secure"),
    ).toBe(true);
  });

  it("no other cookie is set: pages opened signed in set none at all", async () => {
    const { cookie } = await signup();
    const pages = plainPages();
    expect(pages).toEqual(expect.arrayContaining(["/", "/login", "/account", "/stories", "/learn/tutor"]));
    const names = new Set<string>();
    for (const page of pages) {
      const response = await call(page, { cookie });
      expect(response.status, page).toBeLessThan(500);
      for (const c of cookiesOf(response)) names.add(`${page}: ${c.name}`);
    }
    expect([...names]).toEqual([]);
  });
});

describe("cross-site requests", () => {
  it("refuses every cookie-authenticated state-changing route from another site (403) and writes nothing", async () => {
    const user = await learner();
    const admin = await adminCookie();
    const sessionId = await tutorSession(user.token);
    const story = await call("/api/stories", { token: user.token, json: { prompt: "Once", stream: false } });
    expect(story.status).toBe(201);
    const storyId = ((await story.json()) as { story: { id: string } }).story.id;

    const real: Record<string, string> = {
      "api.stories.$id": storyId,
      "api.tokens.$id": user.tokenId,
      "api.v1.sessions.$id": sessionId,
      "learn.tutor.$id": sessionId,
      "stories.$id": storyId,
      "api.admin.users.$id": user.id,
    };
    const routes = actionRoutes({
      param: (stem, name) => {
        if (name === "userId") return user.id;
        if (name === "wordId") return "1";
        const key = Object.keys(real).find((k) => stem.startsWith(k));
        return key ? real[key]! : "00000000-0000-4000-8000-000000000000";
      },
    });
    // The enumeration found the routes it must (and so cannot silently test nothing).
    expect(routes.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        "/login",
        "/signup",
        "/logout",
        "/account",
        "/theme",
        "/",
        `/learn/tutor/${sessionId}`,
        "/api/tokens",
        `/api/tokens/${user.tokenId}`,
        "/api/stories",
        `/api/stories/${storyId}`,
        `/api/v1/sessions/${sessionId}/messages`,
        `/api/admin/users/${user.id}`,
        "/api/no-such-thing",
      ]),
    );
    expect(routes.length).toBeGreaterThan(60);

    // Bodies that would write if the request got through.
    const jsonBodies: Record<string, unknown> = {
      "/api/tokens": { name: "csrf" },
      "/api/stories": { prompt: "Once upon a time", stream: false },
      "/api/v1/sessions": { scenario: "cafe" },
      [`/api/v1/sessions/${sessionId}/messages`]: { content: "Je voudrais un café." },
      "/api/v1/learn/profile": { cefr_level: "B2", timezone: "Europe/Paris" },
      [`/api/admin/users/${user.id}`]: { role: "admin" },
    };
    const formBodies: Record<string, Record<string, string>> = {
      "/login": { email: ADMIN.email, password: ADMIN.password },
      "/signup": { email: uniqueEmail("csrf"), displayName: "CSRF", password: "correct-horse-battery" },
      "/account": { intent: "logout-everywhere" },
      "/theme": { theme: "dark" },
    };
    // Ways a browser marks a request from another site; each is refused whatever the method.
    const crossSite: { name: string; headers: Record<string, string> }[] = [
      { name: "Origin: evil", headers: { Origin: EVIL } },
      { name: "Origin: null", headers: { Origin: "null" } },
      { name: "no Origin, Sec-Fetch-Site: cross-site", headers: { "Sec-Fetch-Site": "cross-site" } },
      { name: "no Origin, Sec-Fetch-Site: same-site", headers: { "Sec-Fetch-Site": "same-site" } },
      { name: "no Origin, no Sec-Fetch-Site", headers: {} },
    ];

    const since = new Date();
    const before = await snapshot(since);
    const failures: string[] = [];
    const requests: (() => Promise<void>)[] = [];
    for (const route of routes)
      for (const method of ["POST", "PUT", "PATCH", "DELETE"])
        for (const variant of crossSite)
          requests.push(async () => {
            const cookie =
              route.path.startsWith("/api/admin") || route.path.startsWith("/admin") ? admin : user.cookie;
            const response = await call(route.path, {
              method,
              cookie,
              origin: null,
              headers: {
                ...variant.headers,
                "Content-Type": route.api ? "application/json" : "application/x-www-form-urlencoded",
              },
              body: route.api
                ? JSON.stringify(jsonBodies[route.path] ?? {})
                : form(formBodies[route.path] ?? { intent: "delete" }).toString(),
            });
            const body = await response.text();
            if (response.status !== 403 || !body.includes("Cross-site request refused"))
              failures.push(`${method} ${route.path} (${variant.name}): ${response.status}`);
          });
    for (let i = 0; i < requests.length; i += 8) await Promise.all(requests.slice(i, i + 8).map((r) => r()));
    expect(failures).toEqual([]);
    expect(await snapshot(since)).toEqual(before);
    // Still signed in: not even the logout and "log out everywhere" forms went through.
    expect((await me(user.cookie)).status).toBe(200);

    // Control: the same requests from our own pages do write, so the snapshot would have caught one.
    const sameOrigin = await call("/api/tokens", {
      cookie: user.cookie,
      origin: null,
      headers: { "Sec-Fetch-Site": "same-origin" },
      json: { name: "from our page" },
    });
    expect(sameOrigin.status).toBe(201);
    const deleted = await call(`/api/stories/${storyId}`, { method: "DELETE", cookie: user.cookie });
    expect(deleted.status).toBe(204);
    expect(await snapshot(since)).not.toEqual(before);
  });

  it("refuses login and signup forms posted from another site, even without a cookie (login CSRF)", async () => {
    const { email, password } = await signup();
    const foreignLogin = await login(email, password, { origin: EVIL });
    expect(foreignLogin.status).toBe(403);
    expect(sessionCookieOf(foreignLogin)).toBeNull();
    const newEmail = uniqueEmail("csrf-signup");
    const foreignSignup = await call("/signup", {
      origin: EVIL,
      body: form({ email: newEmail, displayName: "X", password: "correct-horse-battery" }),
      headers: formHeaders,
    });
    expect(foreignSignup.status).toBe(403);
    expect(await sql`select 1 from users where email = ${newEmail}`).toHaveLength(0);
  });

  it("lets Bearer-token calls through without an Origin (no ambient credential to forge)", async () => {
    const user = await learner();
    const created = await call("/api/tokens", { token: user.token, origin: null, json: { name: "script" } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Even naming another Origin: a page elsewhere cannot attach our token to a request by itself.
    const revoked = await call(`/api/tokens/${id}`, { method: "DELETE", token: user.token, origin: EVIL });
    expect(revoked.status).toBe(204);
    // A header that names a bad token does not fall back to the cookie it travels with.
    const forged = await call("/api/tokens", {
      cookie: user.cookie,
      origin: EVIL,
      headers: { Authorization: "Bearer prx_not-a-real-token" },
      json: { name: "forged" },
    });
    expect(forged.status).toBe(401);
    const names = (await (await call("/api/tokens", { token: user.token })).json()) as {
      tokens: { name: string }[];
    };
    expect(names.tokens.map((t) => t.name)).not.toContain("forged");
  });

  it("refuses a cookie-authenticated tutor WebSocket opened from another site", async () => {
    const user = await learner();
    const sessionId = await tutorSession(user.token);
    const url = `${server.url.replace(/^http/, "ws")}/api/v1/sessions/${sessionId}/ws`;
    const status = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { Cookie: user.cookie, Origin: origin } });
        ws.once("open", () => {
          ws.close();
          resolve(101);
        });
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("error", reject);
      });
    expect(await status(EVIL)).toBe(403);
    expect(await status(server.url)).toBe(101);
  });
});

describe("rate limits", () => {
  it("login: the 6th wrong password in a minute gets 429 with Retry-After, and the right one is not checked", async () => {
    const { email, password } = await signup();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(email, "wrong-password!")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const sixth = await login(email, "wrong-password!");
    expect(sixth.status).toBe(429);
    const wait = retryAfter(sixth);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // A form page: the message is on the page, with the same wait.
    expect(await sixth.text()).toContain(`Too many attempts. Try again in ${wait} seconds.`);
    const right = await login(email, password);
    expect(right.status).toBe(429);
    expect(sessionCookieOf(right)).toBeNull();
  });

  it("login: 4x the per-email limit per IP, across accounts", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await login(uniqueEmail("nobody"), "whatever-123", { ip })).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await login(uniqueEmail("nobody"), "whatever-123", { ip });
    expect(limited.status).toBe(429);
    expect(retryAfter(limited)).toBeLessThanOrEqual(60);
    // Another address is not affected.
    expect((await login(uniqueEmail("nobody"), "whatever-123")).status).toBe(401);
  });

  it("token creation: 20 an hour per user, then 429 problem details with Retry-After, and no token", async () => {
    const { cookie } = await signup();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await call("/api/tokens", { cookie, json: { name: `t${i}` } })).status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const limited = await call("/api/tokens", { cookie, json: { name: "one too many" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const wait = retryAfter(limited);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(3600);
    const list = (await (await call("/api/tokens", { cookie })).json()) as { tokens: { name: string }[] };
    expect(list.tokens).toHaveLength(20);
  });

  it("tutor over HTTP: turns that reach the LLM are limited per minute and per day; a refused turn writes nothing", async () => {
    const user = await learner();
    const sessionId = await tutorSession(user.token);
    const send = (content: string, clientId?: string) =>
      call(`/api/v1/sessions/${sessionId}/messages`, {
        token: user.token,
        json: { content, ...(clientId ? { client_message_id: clientId } : {}) },
      });
    const firstId = crypto.randomUUID();
    for (let i = 0; i < LIMITS.TUTOR_LLM_RATE_LIMIT_PER_MINUTE; i++) {
      const turn = await send(`Je voudrais un café, numéro ${i}.`, i === 0 ? firstId : undefined);
      expect(turn.status, await turn.clone().text()).toBe(201);
      expect(((await turn.json()) as { reply: { provider: string } }).reply.provider).toBe("openai");
    }
    const stored = async () =>
      (await sql`select count(*)::int as n from tutor_messages where session_id = ${sessionId}`)[0]!
        .n as number;
    const storedBefore = await stored();
    const xpBefore = await sql`select count(*)::int as n from xp_events where user_id = ${user.id}`;
    const llmCalls = fake.requests.length;

    const { wait, body } = await expectRateLimited(await send("Encore un message."), 60);
    expect(body.detail).toContain(
      `${LIMITS.TUTOR_LLM_RATE_LIMIT_PER_MINUTE} messages to the AI tutor per minute`,
    );
    expect(body.detail).toContain(`${wait} second`);
    expect(await stored()).toBe(storedBefore);
    expect(await sql`select count(*)::int as n from xp_events where user_id = ${user.id}`).toEqual(xpBefore);
    expect(fake.requests.length).toBe(llmCalls);
    // A repeat of a stored turn costs no model time: it is answered even while limited.
    const repeat = await send("Je voudrais un café, numéro 0.", firstId);
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { duplicate: boolean }).duplicate).toBe(true);

    // A minute later the per-minute window is over; the refused turn did not use up the day's allowance.
    await expireWindow(`tutor:llm:minute:${user.id}`, 60);
    const dayLeft = LIMITS.TUTOR_LLM_RATE_LIMIT_PER_DAY - LIMITS.TUTOR_LLM_RATE_LIMIT_PER_MINUTE;
    for (let i = 0; i < dayLeft; i++) expect((await send(`Et un croissant ${i}.`)).status).toBe(201);
    const daily = await expectRateLimited(await send("Encore ?"), 86_400);
    expect(daily.body.detail).toContain(
      `${LIMITS.TUTOR_LLM_RATE_LIMIT_PER_DAY} messages to the AI tutor per day`,
    );
    expect(daily.wait).toBeGreaterThan(3600);
    expect(await stored()).toBe(storedBefore + 2 * dayLeft);
  });

  it("tutor over the WebSocket: an error frame with status 429 and retry_after, and the socket stays usable", async () => {
    const user = await learner();
    const sessionId = await tutorSession(user.token);
    const ws = new WebSocket(
      `${server.url.replace(/^http/, "ws")}/api/v1/sessions/${sessionId}/ws?token=${user.token}`,
    );
    const frames: { type: string; [k: string]: unknown }[] = [];
    ws.on("message", (data) => frames.push(JSON.parse(data.toString()) as { type: string }));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    const next = async (type: string, after: number) =>
      waitFor(type, () => frames.slice(after).find((f) => f.type === type));
    const firstId = crypto.randomUUID();
    for (let i = 0; i < LIMITS.TUTOR_LLM_RATE_LIMIT_PER_MINUTE; i++) {
      const at = frames.length;
      ws.send(
        JSON.stringify({
          type: "user_message",
          content: `Bonjour, numéro ${i}.`,
          ...(i === 0 ? { client_message_id: firstId } : {}),
        }),
      );
      await next("turn_result", at);
    }
    const storedBefore =
      await sql`select count(*)::int as n from tutor_messages where session_id = ${sessionId}`;
    let at = frames.length;
    ws.send(JSON.stringify({ type: "user_message", content: "Un de trop." }));
    const error = await next("error", at);
    expect(error).toMatchObject({ status: 429, errors: [] });
    expect(Number.isInteger(error.retry_after)).toBe(true);
    expect(error.retry_after).toBeGreaterThan(0);
    expect(error.retry_after).toBeLessThanOrEqual(60);
    expect(error.detail).toContain("messages to the AI tutor per minute");
    expect(ws.readyState).toBe(WebSocket.OPEN);
    at = frames.length;
    ws.send(JSON.stringify({ type: "heartbeat" }));
    await next("heartbeat", at);
    at = frames.length;
    ws.send(
      JSON.stringify({ type: "user_message", content: "Bonjour, numéro 0.", client_message_id: firstId }),
    );
    expect(await next("turn_result", at)).toMatchObject({ duplicate: true });
    expect(await sql`select count(*)::int as n from tutor_messages where session_id = ${sessionId}`).toEqual(
      storedBefore,
    );
    ws.close();
  });

  it("stories: limited per hour and per day with 429 (streamed or not) and Retry-After; a refused story is not stored", async () => {
    const user = await learner();
    const write = (json: Record<string, unknown>) => call("/api/stories", { token: user.token, json });
    const count = async () =>
      (await sql`select count(*)::int as n from stories where user_id = ${user.id}`)[0]!.n as number;
    for (let i = 0; i < LIMITS.STORY_RATE_LIMIT_PER_HOUR; i++)
      expect((await write({ prompt: `Once upon a time ${i}`, stream: false })).status).toBe(201);
    const llmCalls = fake.requests.length;
    // The streamed form is refused before its stream starts.
    const { wait, body } = await expectRateLimited(await write({ prompt: "Once more" }), 3600);
    expect(body.detail).toContain(`${LIMITS.STORY_RATE_LIMIT_PER_HOUR} stories per hour`);
    expect(wait).toBeGreaterThan(60);
    await expectRateLimited(await write({ prompt: "Once more", stream: false }), 3600);
    expect(await count()).toBe(LIMITS.STORY_RATE_LIMIT_PER_HOUR);
    expect(fake.requests.length).toBe(llmCalls);

    await expireWindow(`stories:hour:${user.id}`, 3600);
    const dayLeft = LIMITS.STORY_RATE_LIMIT_PER_DAY - LIMITS.STORY_RATE_LIMIT_PER_HOUR;
    for (let i = 0; i < dayLeft; i++)
      expect((await write({ prompt: "Later", stream: false })).status).toBe(201);
    const daily = await expectRateLimited(await write({ prompt: "Too many", stream: false }), 86_400);
    expect(daily.body.detail).toContain(`${LIMITS.STORY_RATE_LIMIT_PER_DAY} stories per day`);
    expect(await count()).toBe(LIMITS.STORY_RATE_LIMIT_PER_DAY);
  });

  it("stories: a full queue is a different 429 (the server's, not the user's), and does not count against the user", async () => {
    const writer = await learner();
    const other = await learner();
    // One story at a time on this server, none waiting: hold the only slot with a writer that never answers.
    const held = await call("/api/stories", {
      token: writer.token,
      json: { prompt: `A ${HANG_MARKER} tale` },
    });
    expect(held.status).toBe(200);
    const reader = held.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("event: start")) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the held story ended before it started: ${seen}`);
      seen += value;
    }

    const full = await call("/api/stories", { token: other.token, json: { prompt: "Once", stream: false } });
    expect(full.status).toBe(429);
    expect(retryAfter(full)).toBeGreaterThan(0);
    const problem = (await full.json()) as { type: string; detail: string };
    expect(problem.type).toBe("https://praxis.dev/problems/429");
    expect(problem.detail).toBe("Too many stories are being written right now; try again shortly");
    expect(
      await sql`select count from rate_limit_hits where key = ${`stories:hour:${other.id}`}`,
    ).toHaveLength(0);

    // The reader leaves: the held story stops, is not stored, and the other user's whole allowance is there.
    await reader.cancel();
    await waitFor("the slot to be free", async () => {
      const r = await call("/api/stories", { token: other.token, json: { prompt: "Once", stream: false } });
      if (r.status === 429) {
        expect(((await r.json()) as { type: string }).type).toBe("https://praxis.dev/problems/429");
        return false;
      }
      expect(r.status).toBe(201);
      return true;
    });
    expect(
      (await call("/api/stories", { token: other.token, json: { prompt: "Twice", stream: false } })).status,
    ).toBe(201);
    expect(await sql`select count(*)::int as n from stories where user_id = ${writer.id}`).toEqual([
      { n: 0 },
    ]);
  });

  it("documents the 429s in the OpenAPI document", async () => {
    const doc = (await (await call("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    expect(doc.paths["/api/v1/sessions/{id}/messages"]!.post!.responses["429"]!.description).toMatch(
      /Retry-After/,
    );
    expect(doc.paths["/api/stories"]!.post!.responses["429"]!.description).toMatch(/Retry-After/);
  });
});
