import { z } from "zod";
import { env } from "./env.server.ts";
import { logger } from "./logger.server.ts";

/**
 * API conventions: every JSON endpoint parses its input with zod and answers errors as RFC 9457 problem
 * details `{type,title,status,detail,errors:[{path,message}]}`. Handlers throw `problem(...)` Responses;
 * `apiRoute` turns anything else into a 500 problem without leaking a stack trace.
 */
export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface ProblemInit {
  detail?: string;
  title?: string;
  type?: string;
  errors?: FieldError[];
  headers?: HeadersInit;
}

export function problemBody(status: number, init: ProblemInit = {}) {
  return {
    type: init.type ?? `https://praxis.dev/problems/${status}`,
    title: init.title ?? TITLES[status] ?? "Error",
    status,
    detail: init.detail ?? TITLES[status] ?? "Error",
    errors: init.errors ?? [],
  };
}

export function problem(status: number, init: ProblemInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/problem+json");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(problemBody(status, init)), { status, headers });
}

export function json<T>(data: T, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(data), { ...init, headers });
}

/** Flattens zod issues into one entry per bad field; unknown keys are named one by one. */
export function zodFieldErrors(error: z.ZodError, prefix: string[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key].join("."), message: "Unknown field" });
    } else {
      out.push({ path: path.join("."), message: issue.message });
    }
  }
  return out;
}

export function validationProblem(error: z.ZodError, detail = "The request has invalid fields"): Response {
  return problem(400, { title: "Invalid request", detail, errors: zodFieldErrors(error) });
}

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const mediaType = value.split(";")[0]!.trim().toLowerCase();
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** Reads at most `limit` bytes of the body, answering 413 as soon as it would exceed it. */
export async function readBodyText(request: Request, limit = env().API_BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw problem(413, { detail: `The body exceeds the limit of ${limit} bytes` });
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw problem(413, { detail: `The body exceeds the limit of ${limit} bytes` });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body with a zod schema: 415 for a non-JSON type, 413 when too big, 400 otherwise. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { limit?: number } = {},
): Promise<z.output<S>> {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw problem(415, { detail: "Send the body as application/json" });
  }
  const text = await readBodyText(request, options.limit);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw problem(400, {
      title: "Malformed JSON",
      detail: `The body is not valid JSON: ${(error as Error).message}`,
      errors: [{ path: "", message: "Malformed JSON" }],
    });
  }
  const nul = nulPaths(value);
  if (nul.length) throw nulProblem(nul);
  const result = await schema.safeParseAsync(value);
  if (!result.success) throw validationProblem(result.error);
  return result.data;
}

/**
 * Where a parsed value holds the NUL character (in a string or a key). Postgres cannot store it in text, so
 * it would fail at the insert as a 500; it is refused up front, by field, like any other bad input.
 */
export function nulPaths(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (found.length >= 20) return found;
  if (typeof value === "string") {
    if (value.includes("\u0000")) found.push(path.join("."));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, String(i)], found));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) found.push([...path, k].join("."));
      else nulPaths(v, [...path, k], found);
    }
  }
  return found;
}

function nulProblem(paths: string[]): Response {
  return problem(400, {
    detail: "The request has invalid fields",
    errors: paths.map((path) => ({ path, message: "must not contain the NUL character (\\u0000)" })),
  });
}

/** Parses the query string (repeated keys become arrays) with a zod schema; 400 names each bad field. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    record[key] = all.length > 1 ? all : all[0]!;
  }
  const nul = nulPaths(record);
  if (nul.length) throw nulProblem(nul);
  const result = schema.safeParse(record);
  if (!result.success) throw validationProblem(result.error, "The query string has invalid parameters");
  return result.data;
}

/** Parses route params (e.g. `:id` must be a uuid): a malformed id is a 404, not a 500. */
export function parseParams<S extends z.ZodType>(params: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(params);
  if (!result.success) throw problem(404, { detail: "No such resource" });
  return result.data;
}

type Handler<A> = (args: A) => Promise<Response> | Response;

/**
 * Wraps a resource-route loader or action: thrown Responses pass through; anything else is logged with
 * its stack and answered as a 500 problem that reveals nothing.
 */
export function apiRoute<A extends { request: Request }>(
  handler: Handler<A>,
): (args: A) => Promise<Response> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof Response) return error;
      if (isServiceUnavailable(error)) {
        logger().error(
          { err: error, url: args.request.url },
          "service unavailable (the database, or a service it depends on, is down, read-only or full)",
        );
        return serviceUnavailable();
      }
      logger().error({ err: error, url: args.request.url }, "unhandled API error");
      return problem(500, { detail: "Something went wrong on our side" });
    }
  };
}

/** Seconds a client should wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** The answer to a request that failed because the database is unavailable: retry later, not a bug. */
export function serviceUnavailable(): Response {
  return problem(503, {
    detail: "The service is temporarily unavailable; try again shortly",
    headers: { "Retry-After": String(RETRY_AFTER_SECONDS) },
  });
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
// node-postgres (under pg-boss) reports a lost or unobtainable connection without a code.
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * Postgres down, read-only or out of disk: a 503 the client may retry, not a 500. drizzle wraps driver
 * errors (DrizzleQueryError, the driver's error as `cause`) and Node reports a refused connection to
 * several addresses as an AggregateError, so the whole chain is searched.
 */
export function isServiceUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  if (
    CONNECTION_CODES.has(code) ||
    // 53xxx insufficient resources (53100 disk full), 57P0x admin shutdown / cannot connect now,
    // 08xxx connection exceptions, 25006 read-only transaction
    /^(53|57P0|08)/.test(code) ||
    code === "25006" ||
    (typeof e.message === "string" && CONNECTION_MESSAGES.test(e.message))
  )
    return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isServiceUnavailable(inner, depth + 1)))
    return true;
  return isServiceUnavailable(e.cause, depth + 1);
}

export const uuidParam = z.uuid();

/** For resource routes: a method the route does not serve. */
export function methodNotAllowed(allowed: string[]): Response {
  return problem(405, { detail: `Use ${allowed.join(" or ")}`, headers: { Allow: allowed.join(", ") } });
}
