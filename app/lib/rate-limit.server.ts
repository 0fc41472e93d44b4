import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client.ts";
import { rateLimitHits } from "../../db/schema/index.ts";

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
