import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "../../db/client.ts";
import { rateLimitHits } from "../../db/schema/index.ts";
import { problem } from "./api.server.ts";

/**
 * Rate limits counted in Postgres (one upsert per hit), so a limit holds across instances and restarts.
 * A key's window opens at its first hit and lasts `windowSeconds`; `retryAfter` is the time left in it.
 */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfter: number;
}

function result(
  count: number,
  windowStart: Date,
  limit: number,
  windowSeconds: number,
  allowed: boolean,
): RateLimitResult {
  const endsAt = windowStart.getTime() + windowSeconds * 1000;
  return { allowed, count, retryAfter: Math.max(1, Math.ceil((endsAt - Date.now()) / 1000)) };
}

/** Counts one hit and says whether it is within the limit. */
export async function hitRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const expired = sql`${rateLimitHits.windowStart} <= now() - make_interval(secs => ${windowSeconds})`;
  const [row] = await db()
    .insert(rateLimitHits)
    .values({ key, windowStart: sql`now()`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitHits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimitHits.count} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${rateLimitHits.windowStart} end`,
      },
    })
    .returning({ count: rateLimitHits.count, windowStart: rateLimitHits.windowStart });
  const count = row?.count ?? 1;
  return result(count, row?.windowStart ?? new Date(), limit, windowSeconds, count <= limit);
}

/** Reads the current window without counting (for "is this caller already locked out?"). */
export async function peekRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const [row] = await db()
    .select({
      count: sql<number>`case when ${rateLimitHits.windowStart} <= now() - make_interval(secs => ${windowSeconds}) then 0 else ${rateLimitHits.count} end`,
      windowStart: rateLimitHits.windowStart,
    })
    .from(rateLimitHits)
    .where(eq(rateLimitHits.key, key));
  const count = row?.count ?? 0;
  return result(count, row?.windowStart ?? new Date(), limit, windowSeconds, count < limit);
}

/** One limit on a key: at most `limit` hits in a window of `windowSeconds`, described as `per` ("minute"). */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowSeconds: number;
  per: string;
}

/** A spent limit: which rule, and how many seconds until its window ends. */
export interface RateLimitRefusal {
  rule: RateLimitRule;
  retryAfter: number;
}

/**
 * Counts one hit against each rule in order and stops at the first one that is spent (so a request refused
 * by the per-minute limit does not use up the per-day one). Each hit is one atomic upsert, so parallel
 * requests cannot overshoot a limit. Returns null when every rule allowed the hit; otherwise the spent rule
 * with the longest wait (a spent day behind a spent minute must not be reported as "40 seconds").
 */
export async function hitRateLimits(rules: readonly RateLimitRule[]): Promise<RateLimitRefusal | null> {
  for (const rule of rules) {
    const hit = await hitRateLimit(rule.key, rule.limit, rule.windowSeconds);
    if (!hit.allowed) {
      const worst = await peekRateLimits(rules);
      return worst && worst.retryAfter > hit.retryAfter ? worst : { rule, retryAfter: hit.retryAfter };
    }
  }
  return null;
}

/** Reads every rule without counting; the spent one with the longest wait, or null when none is spent. */
export async function peekRateLimits(rules: readonly RateLimitRule[]): Promise<RateLimitRefusal | null> {
  const current = await Promise.all(rules.map((r) => peekRateLimit(r.key, r.limit, r.windowSeconds)));
  let worst: RateLimitRefusal | null = null;
  for (const [i, c] of current.entries()) {
    if (!c.allowed && (!worst || c.retryAfter > worst.retryAfter))
      worst = { rule: rules[i]!, retryAfter: c.retryAfter };
  }
  return worst;
}

/** "37 seconds", "12 minutes", "3 hours": how long a refused caller waits, in words. */
export function waitInWords(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (seconds < 120) return unit(seconds, "second");
  if (seconds < 2 * 3600) return unit(Math.ceil(seconds / 60), "minute");
  return unit(Math.ceil(seconds / 3600), "hour");
}

/** The problem type of a per-caller limit, told apart from other 429s (e.g. a full story queue). */
export const RATE_LIMIT_PROBLEM_TYPE = "https://praxis.dev/problems/rate-limit";

/** The 429 body of a spent per-caller limit, for API contracts (sent with a Retry-After header). */
export const rateLimitProblemSchema = z.object({
  type: z.literal(RATE_LIMIT_PROBLEM_TYPE),
  title: z.literal("Rate limit reached"),
  status: z.literal(429),
  detail: z.string().describe("Which limit is spent and how long to wait, in words"),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

/** A caller's limit is spent: `detail` says which, in words the UI shows; `retryAfter` is in seconds. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  constructor(
    readonly detail: string,
    readonly retryAfter: number,
  ) {
    super(detail);
  }

  /** `what` names the thing counted ("messages to the AI tutor"). */
  static from(refusal: RateLimitRefusal, what: string): RateLimitedError {
    const { rule, retryAfter } = refusal;
    return new RateLimitedError(
      `You have reached the limit of ${rule.limit} ${what} per ${rule.per}; try again in ${waitInWords(retryAfter)}.`,
      retryAfter,
    );
  }
}

/** 429 problem details with a Retry-After header (whole seconds). */
export function rateLimitedResponse(error: RateLimitedError): Response {
  return problem(429, {
    type: RATE_LIMIT_PROBLEM_TYPE,
    title: "Rate limit reached",
    detail: error.detail,
    headers: { "Retry-After": String(error.retryAfter) },
  });
}
