import { randomBytes } from "node:crypto";
import postgres, { type Sql } from "postgres";
import { inject } from "vitest";

/** Talks to the real server started by global-setup, the way a browser or API client would. */
export const baseUrl = () => inject("baseUrl");

export interface CallOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  /** Sets X-Forwarded-For (the test server trusts the proxy) so per-IP limits do not leak across tests. */
  ip?: string;
  origin?: string | null;
}

export function call(path: string, options: CallOptions = {}): Promise<Response> {
  return callAt(baseUrl(), path, options);
}

/** call() against another server (a test file's own server process). */
export async function callAt(base: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined) headers["Content-Type"] ??= "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.Cookie = options.cookie;
  headers["X-Forwarded-For"] = options.ip ?? randomIp();
  const method = options.method ?? (options.json !== undefined || options.body ? "POST" : "GET");
  if (options.origin !== null && method !== "GET") headers.Origin ??= options.origin ?? base;
  return fetch(`${base}${path}`, {
    method,
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    redirect: "manual",
  });
}

export function randomIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.test`;
}

/** The `name=value` part of our session cookie in a response, for the next request's Cookie header. */
export function sessionCookieOf(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0]!;
    if (pair.startsWith("praxis_session=") && pair !== "praxis_session=") return pair;
  }
  return null;
}

export function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

export async function signup(
  email = uniqueEmail(),
  password = "correct-horse-battery",
): Promise<{ email: string; password: string; cookie: string }> {
  const response = await call("/signup", {
    body: form({ email, displayName: "Test User", password }),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (response.status !== 302) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
  return { email, password, cookie: sessionCookieOf(response)! };
}

export async function login(email: string, password: string, options: CallOptions = {}): Promise<Response> {
  return call("/login", {
    ...options,
    body: form({ email, password }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...options.headers },
  });
}

export async function createToken(
  cookie: string,
  name = "test token",
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await call("/api/tokens", { cookie, json: { name, ...extra } });
  if (response.status !== 201)
    throw new Error(`token creation failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** A new learner with a session cookie, an API token and their user id. */
export async function newLearner(): Promise<{ cookie: string; token: string; id: string }> {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  return { cookie, token, id: me.user.id };
}

export const ADMIN = { email: "admin@test.local", password: "admin-password-123" };

export async function adminCookie(): Promise<string> {
  const response = await login(ADMIN.email, ADMIN.password);
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error(`admin login failed: ${response.status}`);
  return cookie;
}

/** Read-only peeks into the HTTP server's database, to prove what was (not) written. */
let serverSql: Sql | undefined;
export async function serverDb(): Promise<Sql> {
  serverSql ??= postgres(inject("httpDbUrl"), { max: 2, onnotice: () => undefined });
  return serverSql;
}
export async function closeServerDb(): Promise<void> {
  await serverSql?.end();
  serverSql = undefined;
}
