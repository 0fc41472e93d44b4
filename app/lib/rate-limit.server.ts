import { and, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.ts";
import { rateLimitHits } from "../../db/schema/index.ts";

/**
 * Fixed-window rate limits counted in Postgres (one upsert per hit), so a limit holds across instances
 * and restarts. Windows are aligned to the epoch; `retryAfter` is the seconds until the window ends.
 */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfter: number;
}

function windowOf(now: number, windowSeconds: number): { start: Date; retryAfter: number } {
  const ms = windowSeconds * 1000;
  const start = Math.floor(now / ms) * ms;
  return { start: new Date(start), retryAfter: Math.max(1, Math.ceil((start + ms - now) / 1000)) };
}

/** Counts one hit and says whether it is within the limit. */
export async function hitRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const { start, retryAfter } = windowOf(Date.now(), windowSeconds);
  const [row] = await db()
    .insert(rateLimitHits)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.key, rateLimitHits.windowStart],
      set: { count: sql`${rateLimitHits.count} + 1` },
    })
    .returning({ count: rateLimitHits.count });
  const count = row?.count ?? 1;
  return { allowed: count <= limit, count, retryAfter };
}

/** Reads the current window without counting (for "is this caller already locked out?"). */
export async function peekRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const { start, retryAfter } = windowOf(Date.now(), windowSeconds);
  const [row] = await db()
    .select({ count: rateLimitHits.count })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), eq(rateLimitHits.windowStart, start)));
  const count = row?.count ?? 0;
  return { allowed: count < limit, count, retryAfter };
}
