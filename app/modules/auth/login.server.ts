import { hitRateLimit, peekRateLimit } from "../../lib/rate-limit.server.ts";
import { env } from "../../lib/env.server.ts";
import { authenticate, type PublicUser } from "./users.server.ts";

const WINDOW_SECONDS = 60;
// Per IP the limit is looser (a classroom behind one NAT), per account it is tight.
const IP_MULTIPLIER = 4;

export type LoginOutcome =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfter: number };

/**
 * Checks credentials under a per-email and per-IP limit on failed attempts (LOGIN_RATE_LIMIT_PER_MINUTE):
 * once either is spent, further attempts in that minute get rate_limited without checking the password.
 */
export async function attemptLogin(email: string, password: string, ip: string): Promise<LoginOutcome> {
  const perEmail = env().LOGIN_RATE_LIMIT_PER_MINUTE;
  const keys = [
    { key: `login:email:${email}`, limit: perEmail },
    { key: `login:ip:${ip}`, limit: perEmail * IP_MULTIPLIER },
  ];
  const current = await Promise.all(keys.map((k) => peekRateLimit(k.key, k.limit, WINDOW_SECONDS)));
  const blocked = current.filter((c) => !c.allowed);
  if (blocked.length > 0) {
    return { ok: false, reason: "rate_limited", retryAfter: Math.max(...blocked.map((b) => b.retryAfter)) };
  }
  const user = await authenticate(email, password);
  if (user) return { ok: true, user };
  await Promise.all(keys.map((k) => hitRateLimit(k.key, k.limit, WINDOW_SECONDS)));
  return { ok: false, reason: "invalid" };
}
