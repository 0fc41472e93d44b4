import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm";
import { z } from "zod";
import { isServiceUnavailable, nulPaths, parseJsonBody, parseQuery, zodFieldErrors } from "./api.server";

const schema = z.strictObject({ name: z.string().min(1), count: z.number().int() });

function post(body: string, contentType = "application/json") {
  return new Request("http://x/api/t", { method: "POST", body, headers: { "Content-Type": contentType } });
}

async function problemOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    return {
      status: response.status,
      body: (await response.json()) as { errors: { path: string; message: string }[] },
    };
  }
  throw new Error("expected a problem response");
}

describe("parseJsonBody", () => {
  it("returns the parsed value", async () => {
    await expect(parseJsonBody(post('{"name":"a","count":2}'), schema)).resolves.toEqual({
      name: "a",
      count: 2,
    });
  });

  it("answers 400 for malformed JSON", async () => {
    const p = await problemOf(parseJsonBody(post("{nope"), schema));
    expect(p.status).toBe(400);
  });

  it("names every bad, missing and unknown field", async () => {
    const p = await problemOf(parseJsonBody(post('{"count":"3","extra":1,"more":2}'), schema));
    expect(p.status).toBe(400);
    expect(p.body.errors.map((e) => e.path).sort()).toEqual(["count", "extra", "more", "name"]);
  });

  it("answers 415 for a non-JSON content type", async () => {
    expect(
      (await problemOf(parseJsonBody(post("name=a", "application/x-www-form-urlencoded"), schema))).status,
    ).toBe(415);
  });

  it("answers 413 past the limit, declared or streamed", async () => {
    const big = JSON.stringify({ name: "x".repeat(5000), count: 1 });
    expect((await problemOf(parseJsonBody(post(big), schema, { limit: 1024 }))).status).toBe(413);
  });
});

describe("parseQuery", () => {
  it("coerces and validates query parameters", () => {
    const q = z.object({ k: z.coerce.number().int().max(50) });
    expect(parseQuery(new Request("http://x/?k=7"), q)).toEqual({ k: 7 });
    expect(() => parseQuery(new Request("http://x/?k=500"), q)).toThrow(Response);
  });
});

describe("zodFieldErrors", () => {
  it("joins nested paths with dots", () => {
    const s = z.object({ a: z.object({ b: z.number() }) });
    const r = s.safeParse({ a: { b: "x" } });
    expect(r.success).toBe(false);
    expect(zodFieldErrors(r.error!)[0]!.path).toBe("a.b");
  });
});

describe("isServiceUnavailable", () => {
  it("recognises connection loss, disk full and read-only errors", () => {
    expect(isServiceUnavailable({ code: "ECONNREFUSED" })).toBe(true);
    expect(isServiceUnavailable({ code: "53100" })).toBe(true);
    expect(isServiceUnavailable({ code: "25006" })).toBe(true);
    expect(isServiceUnavailable({ code: "23505" })).toBe(false);
    expect(isServiceUnavailable(new Error("x"))).toBe(false);
  });

  it("looks through drizzle's wrapper, Node's AggregateError and node-postgres's codeless errors", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isServiceUnavailable(new DrizzleQueryError("select 1", [], refused))).toBe(true);
    const readOnly = Object.assign(new Error("read-only transaction"), { code: "25006" });
    expect(isServiceUnavailable(new DrizzleQueryError("insert", [], readOnly))).toBe(true);
    const unique = Object.assign(new Error("duplicate key"), { code: "23505" });
    expect(isServiceUnavailable(new DrizzleQueryError("insert", [], unique))).toBe(false);
    expect(isServiceUnavailable(new AggregateError([refused]))).toBe(true);
    expect(isServiceUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isServiceUnavailable(loop)).toBe(false);
  });
});

describe("nulPaths", () => {
  it("names every string and key holding NUL, nested", () => {
    expect(nulPaths({ a: "ok", b: "x\u0000", c: [{ d: "\u0000" }], ["k\u0000"]: 1 })).toEqual([
      "b",
      "c.0.d",
      "k\u0000",
    ]);
    expect(nulPaths("\u0000")).toEqual([""]);
    expect(nulPaths({ a: ["fine", 1, null] })).toEqual([]);
  });
});
