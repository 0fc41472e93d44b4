import { createCookie } from "@remix-run/node";
import { cookieSecure, sessionSecret } from "./env.server.ts";

/**
 * The session cookie carries a random token signed with SESSION_SECRET; the database holds its hash.
 * httpOnly, SameSite=Lax, Secure in production.
 */
export const SESSION_COOKIE = "praxis_session";

export function sessionCookie() {
  return createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    secure: cookieSecure(),
    path: "/",
    secrets: [sessionSecret()],
    // The database expiry (sliding, SESSION_TTL_DAYS) decides; the cookie just has to outlive it, so it
    // gets the longest lifetime browsers keep (400 days) instead of a copy that would never slide.
    maxAge: 400 * 86_400,
  });
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header?.includes(SESSION_COOKIE)) return null;
  const value: unknown = await sessionCookie().parse(header);
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function commitSessionToken(token: string): Promise<string> {
  return sessionCookie().serialize(token);
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Whether the request carries our session cookie at all (signed or not): used by the Origin check. */
export function hasSessionCookie(cookieHeader: string | undefined | null): boolean {
  return Boolean(cookieHeader && new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`).test(cookieHeader));
}
