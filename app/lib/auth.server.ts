import { redirect } from "@remix-run/node";
import { authenticateApiToken } from "../modules/auth/api-tokens.server.ts";
import { createSession, getSessionUser, revokeSessionToken } from "../modules/auth/sessions.server.ts";
import type { PublicUser } from "../modules/auth/users.server.ts";
import { problem } from "./api.server.ts";
import { env } from "./env.server.ts";
import { clearSessionCookie, commitSessionToken, readSessionToken } from "./session.server.ts";

export type AuthVia = "session" | "token";
export interface Auth {
  user: PublicUser;
  via: AuthVia;
  /** The hashed session id when authenticated by cookie. */
  sessionId?: string;
}

const cache = new WeakMap<Request, Promise<Auth | null>>();

function bearerToken(request: Request): string | null | undefined {
  const header = request.headers.get("Authorization");
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Resolves the caller from `Authorization: Bearer` or the session cookie (Bearer wins when present).
 * Memoised per Request, so a route's loader and its guards hit the database once.
 */
export function getAuth(request: Request): Promise<Auth | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = resolveAuth(request);
    cache.set(request, pending);
  }
  return pending;
}

async function resolveAuth(request: Request): Promise<Auth | null> {
  const bearer = bearerToken(request);
  if (bearer !== undefined) {
    const user = bearer ? await authenticateApiToken(bearer) : null;
    return user ? { user, via: "token" } : null;
  }
  const token = await readSessionToken(request);
  if (!token) return null;
  const found = await getSessionUser(token, env().SESSION_TTL_DAYS);
  return found ? { user: found.user, via: "session", sessionId: found.sessionId } : null;
}

export async function getUser(request: Request): Promise<PublicUser | null> {
  return (await getAuth(request))?.user ?? null;
}

function isApiRequest(request: Request): boolean {
  return new URL(request.url).pathname.startsWith("/api/");
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const next = `${url.pathname}${url.search}`;
  return redirect(`/login?next=${encodeURIComponent(next)}`);
}

/** The signed-in caller, or a thrown Response: 401 problem for /api, a redirect to /login for pages. */
export async function requireAuth(request: Request): Promise<Auth> {
  const auth = await getAuth(request);
  if (auth) return auth;
  if (isApiRequest(request)) {
    const invalidBearer = bearerToken(request) !== undefined;
    throw problem(401, {
      detail: invalidBearer ? "The API token is invalid, expired or revoked" : "Sign in or send an API token",
      headers: { "WWW-Authenticate": 'Bearer realm="praxis"' },
    });
  }
  throw loginRedirect(request);
}

export async function requireUser(request: Request): Promise<PublicUser> {
  return (await requireAuth(request)).user;
}

/** An admin, or a thrown 403 (the caller is known but not allowed). */
export async function requireAdmin(request: Request): Promise<PublicUser> {
  const user = await requireUser(request);
  if (user.role === "admin") return user;
  if (isApiRequest(request)) throw problem(403, { detail: "This needs the admin role" });
  throw new Response("Forbidden: this page is for admins", { status: 403 });
}

/**
 * Signs a user in: any session the browser already had is revoked and a fresh token issued, so a token
 * planted before login (session fixation) is worthless afterwards. Returns the Set-Cookie value.
 */
export async function beginSession(request: Request, userId: string, ip?: string): Promise<string> {
  const previous = await readSessionToken(request);
  if (previous) await revokeSessionToken(previous);
  const token = await createSession(userId, env().SESSION_TTL_DAYS, {
    ip: ip ?? null,
    userAgent: request.headers.get("user-agent"),
  });
  return commitSessionToken(token);
}

/** Signs the browser out: the session row is deleted, the cookie cleared. */
export async function endSession(request: Request): Promise<string> {
  const token = await readSessionToken(request);
  if (token) await revokeSessionToken(token);
  return clearSessionCookie();
}
