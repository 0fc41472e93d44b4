import fc from "fast-check";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEndpoints } from "../../../app/lib/api-endpoints.server";
import type { EndpointSpec } from "../../../app/lib/openapi.server";
import { adminCookie, call, closeServerDb, createToken, newLearner, serverDb } from "../../support/http";

/**
 * Issue 10, bad input everywhere: every documented JSON endpoint that takes a body or a query string is sent
 * random and adversarial input (fast-check). Whatever arrives, the server never answers 5xx; a 400 is problem
 * details naming each bad field; and a request that is refused changes none of the caller's rows.
 */
afterAll(closeServerDb);

const WRITE_METHODS = new Set(["post", "put", "patch"]);
/** Rows that change on any authenticated request (last seen, last used) or are caches, not the caller's data. */
const NOT_DATA = new Set(["sessions", "api_tokens", "cache_entries"]);
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 25);

let sql: Sql;
let ownedTables: string[] = [];
beforeAll(async () => {
  sql = await serverDb();
  const rows = await sql<{ table_name: string }[]>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'user_id' order by table_name`;
  ownedTables = rows.map((r) => r.table_name).filter((t) => !NOT_DATA.has(t));
});

/** A fingerprint of every row the user owns, across every table with a user_id. */
async function fingerprint(userId: string): Promise<string> {
  const parts = await Promise.all(
    ownedTables.map(
      (t) =>
        sql<
          { h: string }[]
        >`select ${t} || ':' || count(*) || ':' || coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as h
          from ${sql(t)} x where user_id = ${userId}`,
    ),
  );
  return parts.map((p) => p[0]!.h).join("|");
}

/** Values of every JSON type, and the ones validators get wrong: huge, empty, negative, nested, prototype keys. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "x".repeat(20_000),
    -1,
    0,
    1e308,
    -1e308,
    2 ** 53 + 1,
    0.5,
    true,
    null,
    [],
    {},
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'),
    "2026-13-45T99:99:99Z",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "<script>alert(1)</script>",
    "'; drop table users; --",
  ),
);

/** Object keys the endpoint's schema knows, so a body reaches each field's own validation, not just "expected object". */
function knownKeys(spec: EndpointSpec): string[] {
  const shape = (spec.body as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

function bodies(spec: EndpointSpec): fc.Arbitrary<string> {
  const keys = knownKeys(spec);
  const shaped = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, hostile])), { requiredKeys: [] })
    : fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 4 });
  return fc.oneof(
    { weight: 4, arbitrary: shaped.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.array(hostile, { maxLength: 3 }).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: hostile.map((b) => JSON.stringify(b) ?? "null") },
    { weight: 1, arbitrary: fc.constantFrom("{", "[1,", "nul", '{"a":}', "\uFEFF{}", "") },
  );
}

function queries(spec: EndpointSpec): fc.Arbitrary<string> {
  const keys = spec.query ? Object.keys(spec.query.shape) : [];
  const value = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("-1", "0", "1e9", "NaN", "true", "", "%", "x".repeat(5000)),
  );
  const key = keys.length
    ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 }))
    : fc.string({ maxLength: 6 });
  return fc
    .array(fc.tuple(key, value), { maxLength: 4 })
    .map((pairs) => new URLSearchParams(pairs.filter(([k]) => k !== "")).toString());
}

function concretePath(spec: EndpointSpec, userId: string): string {
  return spec.path
    .replace("{userId}", userId)
    .replace("{wordId}", "1")
    .replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
}

async function drain(response: Response): Promise<string> {
  // Streamed answers (a valid story, SSE phases) are read to the end so the server finishes its work.
  return response.text();
}

interface Caller {
  token: string;
  userId: string;
  checkWrites: boolean;
}

async function learner(): Promise<Caller> {
  const { token, id } = await newLearner();
  return { token, userId: id, checkWrites: true };
}

let admin: Caller | undefined;
async function adminCaller(): Promise<Caller> {
  if (!admin) {
    const token = await createToken(await adminCookie(), "bad-input admin");
    const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
    // Other test files notify admins while this runs: the admin's rows are not this test's to fingerprint.
    admin = { token, userId: me.user.id, checkWrites: false };
  }
  return admin;
}

async function expectWellRefused(
  caller: Caller,
  request: { path: string; method: string; body?: string },
  seen: Map<number, number>,
) {
  const before = caller.checkWrites ? await fingerprint(caller.userId) : "";
  const response = await call(request.path, {
    token: caller.token,
    method: request.method.toUpperCase(),
    ...(request.body === undefined
      ? {}
      : { body: request.body, headers: { "Content-Type": "application/json" } }),
  });
  const text = await drain(response);
  seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
  const what = `${request.method.toUpperCase()} ${request.path} ${request.body?.slice(0, 200) ?? ""} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, what).toBeLessThan(500);
  if (response.status === 400) {
    const problem = JSON.parse(text) as {
      type: string;
      title: string;
      errors: { path: string; message: string }[];
    };
    expect(problem.title, what).toBeTruthy();
    expect(problem.errors.length, what).toBeGreaterThan(0);
    for (const e of problem.errors) {
      expect(typeof e.path, what).toBe("string");
      expect(e.message, what).toBeTruthy();
    }
  }
  if (caller.checkWrites && response.status >= 400)
    expect(await fingerprint(caller.userId), `a refused request changed data: ${what}`).toBe(before);
}

const withBody = apiEndpoints.filter((e) => e.body && WRITE_METHODS.has(e.method));
const withQuery = apiEndpoints.filter((e) => e.query);

describe("bad input, everywhere (property-based)", () => {
  it("covers every documented endpoint that takes a body or a query", () => {
    expect(withBody.length).toBeGreaterThan(20);
    expect(withQuery.length).toBeGreaterThan(10);
  });

  for (const spec of withBody)
    it(
      `${spec.method.toUpperCase()} ${spec.path}: random and hostile bodies`,
      { timeout: 120_000 },
      async () => {
        const caller = spec.auth === "admin" ? await adminCaller() : await learner();
        const path = concretePath(spec, caller.userId);
        const seen = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(bodies(spec), (body) =>
            expectWellRefused(caller, { path, method: spec.method, body }, seen),
          ),
          { numRuns: RUNS },
        );
        // The inputs reached validation (not all stopped at the door): most were refused as bad input, or
        // as a 404 where the path names a resource that does not exist.
        const refused = (seen.get(400) ?? 0) + (spec.params ? (seen.get(404) ?? 0) : 0);
        expect(refused, JSON.stringify([...seen])).toBeGreaterThan(RUNS / 2);
      },
    );

  for (const spec of withQuery)
    it(
      `${spec.method.toUpperCase()} ${spec.path}: random and hostile query strings`,
      { timeout: 120_000 },
      async () => {
        const caller = spec.auth === "admin" ? await adminCaller() : await learner();
        const path = concretePath(spec, caller.userId);
        const seen = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(queries(spec), (query) =>
            expectWellRefused(caller, { path: `${path}?${query}`, method: spec.method }, seen),
          ),
          { numRuns: RUNS },
        );
      },
    );
});
