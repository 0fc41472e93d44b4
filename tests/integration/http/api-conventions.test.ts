import { afterAll, describe, expect, it } from "vitest";
import { adminCookie, call, closeServerDb, createToken, serverDb, signup } from "../../support/http";

afterAll(closeServerDb);

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors: { path: string; message: string }[];
  };
  expect(body.status).toBe(response.status);
  expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/); // never a stack trace
  return body;
}

async function tokenCount(cookie: string) {
  return ((await (await call("/api/tokens", { cookie })).json()) as { tokens: unknown[] }).tokens.length;
}

describe("API tokens and /api/me", () => {
  it("authenticates with a Bearer token created over the API, shown once and stored hashed", async () => {
    const { cookie, email } = await signup();
    const token = await createToken(cookie, "cli");
    expect(token).toMatch(/^prx_/);
    const me = await call("/api/me", { token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email }, authenticatedBy: "token" });
    const listed = await (await call("/api/tokens", { token })).json();
    expect(JSON.stringify(listed)).not.toContain(token);
    const sql = await serverDb();
    const rows = await sql`select token_hash from api_tokens where token_prefix = ${token.slice(0, 10)}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
  });

  it("refuses revoked and expired tokens with 401", async () => {
    const { cookie } = await signup();
    const revoked = await createToken(cookie, "to revoke");
    const { tokens } = (await (await call("/api/tokens", { cookie })).json()) as { tokens: { id: string }[] };
    expect((await call(`/api/tokens/${tokens[0]!.id}`, { method: "DELETE", cookie })).status).toBe(204);
    const r1 = await call("/api/me", { token: revoked });
    expect(r1.status).toBe(401);
    expect((await problem(r1)).detail).toMatch(/invalid, expired or revoked/);

    const expired = await createToken(cookie, "to expire", { expiresInDays: 1 });
    const sql = await serverDb();
    await sql`update api_tokens set expires_at = now() - interval '1 minute' where token_prefix = ${expired.slice(0, 10)}`;
    expect((await call("/api/me", { token: expired })).status).toBe(401);
    expect((await call("/api/me", { token: "prx_not-a-real-token" })).status).toBe(401);
    expect((await call("/api/me", { headers: { Authorization: "Basic abc" } })).status).toBe(401);
  });

  it("answers 404 when revoking someone else's token", async () => {
    const a = await signup();
    const b = await signup();
    await createToken(a.cookie, "mine");
    const { tokens } = (await (await call("/api/tokens", { cookie: a.cookie })).json()) as {
      tokens: { id: string }[];
    };
    expect((await call(`/api/tokens/${tokens[0]!.id}`, { method: "DELETE", cookie: b.cookie })).status).toBe(
      404,
    );
    expect(await tokenCount(a.cookie)).toBe(1);
  });
});

describe("bad input gets a clear problem and writes nothing", () => {
  it("malformed JSON -> 400", async () => {
    const { cookie } = await signup();
    const response = await call("/api/tokens", {
      cookie,
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect((await problem(response)).title).toBe("Malformed JSON");
    expect(await tokenCount(cookie)).toBe(0);
  });

  it("wrong types, missing and unknown fields -> 400 naming each", async () => {
    const { cookie } = await signup();
    const response = await call("/api/tokens", {
      cookie,
      json: { expiresInDays: "ten", colour: "red", admin: true },
    });
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body.errors.map((e) => e.path).sort()).toEqual(["admin", "colour", "expiresInDays", "name"]);
    expect(await tokenCount(cookie)).toBe(0);
  });

  it("oversized body -> 413", async () => {
    const { cookie } = await signup();
    const response = await call("/api/tokens", { cookie, json: { name: "x".repeat(2_000_000) } });
    expect(response.status).toBe(413);
    await problem(response);
    expect(await tokenCount(cookie)).toBe(0);
  });

  it("wrong content type -> 415", async () => {
    const { cookie } = await signup();
    const response = await call("/api/tokens", {
      cookie,
      body: "name=x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(response.status).toBe(415);
    await problem(response);
    expect(await tokenCount(cookie)).toBe(0);
  });

  it("no credentials -> 401; unknown API path -> 404; wrong method -> 405", async () => {
    expect((await call("/api/tokens", { json: { name: "x" }, origin: null })).status).toBe(401);
    const missing = await call("/api/nothing-here");
    expect(missing.status).toBe(404);
    await problem(missing);
    const { cookie } = await signup();
    const wrong = await call("/api/me", { method: "POST", cookie, json: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
  });
});

// Token creation's rate limit (429 with Retry-After): security.test.ts.
describe("roles", () => {
  it("keeps learners out of admin pages and APIs, lets admins in", async () => {
    const learner = await signup();
    const learnerToken = await createToken(learner.cookie);
    expect((await call("/api/admin/queues", { token: learnerToken })).status).toBe(403);
    expect((await call("/admin/users", { cookie: learner.cookie })).status).toBe(403);
    expect((await call("/admin/jobs")).status).toBe(302);
    const admin = await adminCookie();
    const queues = await call("/api/admin/queues", { cookie: admin });
    expect(queues.status).toBe(200);
    const body = (await queues.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name)).toContain("auth.purge-expired-sessions");
    expect((await call("/admin/users", { cookie: admin })).status).toBe(200);
  });

  it("lets an admin promote a user over the API, and refuses to demote the last admin", async () => {
    const admin = await adminCookie();
    const learner = await signup();
    const me = (await (await call("/api/me", { cookie: learner.cookie })).json()) as { user: { id: string } };
    const promoted = await call(`/api/admin/users/${me.user.id}`, {
      method: "PATCH",
      cookie: admin,
      json: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    expect((await call("/api/admin/queues", { cookie: learner.cookie })).status).toBe(200);
    const demoted = await call(`/api/admin/users/${me.user.id}`, {
      method: "PATCH",
      cookie: admin,
      json: { role: "learner" },
    });
    expect(demoted.status).toBe(200);
    const bad = await call(`/api/admin/users/${me.user.id}`, {
      method: "PATCH",
      cookie: admin,
      json: { role: "owner" },
    });
    expect(bad.status).toBe(400);
    expect(
      (await call(`/api/admin/users/not-a-uuid`, { method: "PATCH", cookie: admin, json: { role: "admin" } }))
        .status,
    ).toBe(404);
  });
});
