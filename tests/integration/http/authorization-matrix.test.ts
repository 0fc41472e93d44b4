import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEndpoints } from "../../../app/lib/api-endpoints.server";
import type { EndpointSpec } from "../../../app/lib/openapi.server";
import { adminCookie, call, closeServerDb, createToken, newLearner } from "../../support/http";

/**
 * Issue 10, security: who may call what. Every documented API endpoint is called by nobody, by a learner
 * and (for reads) by an admin; every page by nobody, a learner and an admin; and each kind of thing a
 * learner owns is asked for by another learner. Refusals are checked before anything else happens, so the
 * calls carry no body: a refused call cannot have side effects.
 */
afterAll(closeServerDb);

const NIL = "00000000-0000-4000-8000-000000000000";
const pathOf = (spec: EndpointSpec, userId = NIL) =>
  spec.path
    .replace("{userId}", userId)
    .replace("{wordId}", "1")
    .replace(/\{[^}]+\}/g, NIL);

type Who = Awaited<ReturnType<typeof newLearner>>;

let alice: Who;
let bob: Who;
let adminToken: string;
let adminSession: string;
beforeAll(async () => {
  [alice, bob] = await Promise.all([newLearner(), newLearner()]);
  // Alice has started French, so the review page is hers to open (without a profile it sends her to set up).
  const profile = await call("/api/v1/learn/profile", {
    token: alice.token,
    method: "PUT",
    json: { cefr_level: "A1" },
  });
  expect(profile.status).toBe(200);
  adminSession = await adminCookie();
  adminToken = await createToken(adminSession, "matrix admin");
});

const guarded = apiEndpoints.filter((e) => e.auth === "user" || e.auth === "admin");
const adminOnly = apiEndpoints.filter((e) => e.auth === "admin");

describe("authorisation matrix: the API", () => {
  it("documents who may call each endpoint", () => {
    expect(guarded.length).toBeGreaterThan(50);
    expect(adminOnly.length).toBeGreaterThan(10);
  });

  it("answers 401 to an anonymous caller on every endpoint that needs a user", async () => {
    const wrong: string[] = [];
    for (const spec of guarded) {
      const response = await call(pathOf(spec), { method: spec.method.toUpperCase() });
      await response.body?.cancel();
      if (response.status !== 401) wrong.push(`${spec.method} ${spec.path} → ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 401 to a made-up or malformed token, whatever the endpoint", async () => {
    const wrong: string[] = [];
    for (const spec of guarded) {
      for (const token of ["prx_not-a-real-token", "' or 1=1 --"]) {
        const response = await call(pathOf(spec), { method: spec.method.toUpperCase(), token });
        await response.body?.cancel();
        if (response.status !== 401)
          wrong.push(`${spec.method} ${spec.path} (${token}) → ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 to a learner on every admin endpoint", async () => {
    const wrong: string[] = [];
    for (const spec of adminOnly) {
      const response = await call(pathOf(spec), { method: spec.method.toUpperCase(), token: alice.token });
      await response.body?.cancel();
      if (response.status !== 403) wrong.push(`${spec.method} ${spec.path} → ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("lets an admin read every admin collection", async () => {
    const reads = adminOnly.filter((e) => e.method === "get" && !e.path.includes("{"));
    expect(reads.length).toBeGreaterThan(4);
    for (const spec of reads) {
      const response = await call(spec.path, { token: adminToken });
      expect(response.status, spec.path).toBe(200);
      await response.body?.cancel();
    }
  });
});

const PAGES = [
  "/typing",
  "/typing/stats",
  "/library",
  "/climb",
  "/climb/profile",
  "/climb/sessions",
  "/stories",
  "/learn",
  "/learn/review",
  "/learn/dashboard",
  "/learn/achievements",
  "/learn/tutor",
  "/notifications",
  "/account",
];
const ADMIN_PAGES = [
  "/admin/users",
  "/admin/jobs",
  "/admin/typing",
  "/admin/recs",
  "/admin/climb",
  "/admin/learn",
];

describe("authorisation matrix: the pages", () => {
  it("sends an anonymous visitor to log in, and back afterwards", async () => {
    for (const page of [...PAGES, ...ADMIN_PAGES]) {
      const response = await call(page);
      expect(response.status, page).toBe(302);
      expect(response.headers.get("location"), page).toBe(`/login?next=${encodeURIComponent(page)}`);
    }
  });

  it("shows a learner every module page and refuses the admin pages with 403", async () => {
    for (const page of PAGES) expect((await call(page, { cookie: alice.cookie })).status, page).toBe(200);
    for (const page of ADMIN_PAGES)
      expect((await call(page, { cookie: alice.cookie })).status, page).toBe(403);
  });

  it("shows an admin the admin pages", async () => {
    for (const page of ADMIN_PAGES) {
      const response = await call(page, { cookie: adminSession });
      expect([200, 302], page).toContain(response.status);
    }
  });
});

describe("authorisation matrix: another learner's things", () => {
  it("hides a story, a token, a climbing session and a tutor session from everyone but their owner", async () => {
    const story = await call("/api/stories", {
      token: alice.token,
      json: { prompt: "Once upon a time", maxTokens: 5, seed: 1, stream: false },
    });
    expect(story.status).toBe(201);
    const { id: storyId, body: storyBody } = ((await story.json()) as { story: { id: string; body: string } })
      .story;

    const tokens = await call("/api/tokens", { cookie: alice.cookie, json: { name: "alice's" } });
    const tokenId = ((await tokens.json()) as { id: string }).id;

    const climb = await call("/api/v1/climb/sessions", {
      token: alice.token,
      json: {
        sleep_hours: 7,
        energy_level: 4,
        stress_level: 2,
        session_type: "volume",
        planned_duration_min: 60,
        planned_intensity: 5,
        planned_exercises: [],
      },
    });
    expect(climb.status).toBe(201);
    const climbId = ((await climb.json()) as { id: string }).id;

    expect(
      (await call("/api/v1/learn/profile", { token: alice.token, method: "PUT", json: { cefr_level: "A1" } }))
        .status,
    ).toBe(200);
    const tutor = await call("/api/v1/sessions", { token: alice.token, json: { planned_minutes: 10 } });
    expect(tutor.status).toBe(201);
    const tutorId = ((await tutor.json()) as { session: { id: string } }).session.id;

    const asBob: [string, string, number][] = [
      ["GET", `/api/stories/${storyId}`, 404],
      ["DELETE", `/api/stories/${storyId}`, 404],
      ["POST", `/api/stories/${storyId}/save`, 404],
      ["POST", `/api/stories/${storyId}/stop`, 404],
      ["POST", `/api/stories/${storyId}/typing`, 404],
      ["DELETE", `/api/tokens/${tokenId}`, 404],
      // Climbing and tutor sessions answer 403 (their seeds' contract), stories and tokens 404: both refuse
      // and show nothing; ids are random UUIDs, so a 403 does not help anyone guess.
      ["GET", `/api/v1/climb/sessions/${climbId}`, 403],
      ["GET", `/api/v1/sessions/${tutorId}`, 403],
      ["POST", `/api/v1/sessions/${tutorId}/complete`, 403],
      ["GET", `/api/recommend/${alice.id}`, 403],
    ];
    const wrong: string[] = [];
    for (const [method, path, expected] of asBob) {
      const response = await call(path, { method, token: bob.token });
      await response.body?.cancel();
      if (response.status !== expected)
        wrong.push(`${method} ${path} → ${response.status}, expected ${expected}`);
    }
    const pages: [string, number][] = [
      [`/stories/${storyId}`, 404],
      [`/climb/sessions/${climbId}`, 403],
      [`/learn/tutor/${tutorId}`, 403],
    ];
    for (const [page, expected] of pages) {
      const response = await call(page, { cookie: bob.cookie });
      const html = await response.text();
      if (response.status !== expected) wrong.push(`page ${page} → ${response.status}, expected ${expected}`);
      if (page.startsWith("/stories") && html.includes(storyBody.trim()))
        wrong.push(`page ${page} shows the story`);
    }
    expect(wrong).toEqual([]);

    // Still there for their owner: the refusals changed nothing.
    expect((await call(`/api/stories/${storyId}`, { token: alice.token })).status).toBe(200);
    expect((await call(`/api/v1/climb/sessions/${climbId}`, { token: alice.token })).status).toBe(200);
    expect((await call(`/api/v1/sessions/${tutorId}`, { token: alice.token })).status).toBe(200);
    const mine = (await (await call("/api/tokens", { cookie: alice.cookie })).json()) as {
      tokens: { id: string }[];
    };
    expect(mine.tokens.map((t) => t.id)).toContain(tokenId);
  });
});
