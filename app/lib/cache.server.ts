import { and, eq, lt, ne, sql } from "drizzle-orm";
import { db, type Database } from "../../db/client.ts";
import { cacheEntries } from "../../db/schema/index.ts";

/**
 * A read-through cache in Postgres, shared by every instance (no Redis). Entries belong to an owner (a user
 * id); `invalidateOwner` drops them all, in the caller's transaction so the write and the invalidation
 * commit together, and leaves a marker: a value computed before an invalidation is never stored after it.
 */
type Executor = Pick<Database, "insert" | "delete" | "select" | "execute">;

const MARKER = "#invalidated";

export async function cached<T>(
  owner: string,
  key: string,
  ttlSeconds: number,
  compute: () => Promise<T>,
): Promise<{ value: T; hit: boolean }> {
  // The database's clock, read with the entry, dates this computation against any invalidation.
  const [row] = await db().execute<{ value: unknown; now: string }>(sql`
    select (select value from cache_entries where owner = ${owner} and key = ${key} and expires_at > now()) as value,
      clock_timestamp()::text as now`);
  if (row && row.value !== null) return { value: row.value as T, hit: true };
  const started = row!.now;
  const value = await compute();
  await db().execute(sql`
    insert into cache_entries (owner, key, value, expires_at)
    select ${owner}, ${key}, ${JSON.stringify(value)}::jsonb, now() + make_interval(secs => ${ttlSeconds})
    where not exists (
      select 1 from cache_entries m where m.owner = ${owner} and m.key = ${MARKER}
        and (m.value->>'at')::timestamptz >= ${started}::timestamptz)
    on conflict (owner, key) do update set value = excluded.value, expires_at = excluded.expires_at`);
  return { value, hit: false };
}

export async function invalidateOwner(owner: string, executor: Executor = db()): Promise<void> {
  await executor.delete(cacheEntries).where(and(eq(cacheEntries.owner, owner), ne(cacheEntries.key, MARKER)));
  await executor.execute(sql`
    insert into cache_entries (owner, key, value, expires_at)
    values (${owner}, ${MARKER}, jsonb_build_object('at', clock_timestamp()), now() + interval '1 day')
    on conflict (owner, key) do update set value = excluded.value, expires_at = excluded.expires_at`);
}

/** Deletes expired entries (the weekly cleanup job). */
export async function purgeExpiredCache(): Promise<number> {
  const gone = await db()
    .delete(cacheEntries)
    .where(lt(cacheEntries.expiresAt, sql`now()`))
    .returning({ key: cacheEntries.key });
  return gone.length;
}
