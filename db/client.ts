import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Database = PostgresJsDatabase<typeof schema>;
export interface DbHandle {
  sql: postgres.Sql;
  db: Database;
  url: string;
}

/**
 * The one connection pool of the process. It lives on globalThis because server.ts (run by tsx) and the
 * Remix server build each load their own copy of this file; both must share one pool.
 */
const holder = globalThis as typeof globalThis & { __praxisDb?: DbHandle };

/**
 * Seconds a pooled connection waits before its next connect attempt after failed ones. postgres.js defaults
 * to 3^n/100 s up to 20 s, and every query queued behind a connection waits that long: while Postgres was
 * down requests hung for up to 20 s before their 503, and after it came back the pool took as long again to
 * notice. A refused connect is cheap, so the wait is capped at a second (with jitter so the pool's
 * connections do not retry in step).
 */
export function reconnectDelaySeconds(failures: number): number {
  return Math.min(0.05 * 2 ** failures, 1) * (0.5 + Math.random() / 2);
}

export function createDb(url: string, options: { max?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    backoff: reconnectDelaySeconds,
    onnotice: () => undefined,
    connection: { application_name: "praxis" },
  });
  return { sql, db: drizzle(sql, { schema }), url };
}

export function setDb(handle: DbHandle | undefined): void {
  holder.__praxisDb = handle;
}

export function getDbHandle(): DbHandle {
  if (!holder.__praxisDb) throw new Error("database not initialised: call setDb() during boot");
  return holder.__praxisDb;
}

export function db(): Database {
  return getDbHandle().db;
}

/**
 * Memoises something built from the current database (a drizzle prepared statement, say) per pool, so a
 * hot query is prepared once and rebuilt only when tests or a restart swap the pool.
 */
export function perDatabase<T>(build: (database: Database) => T): () => T {
  const cache = new WeakMap<Database, T>();
  return () => {
    const database = db();
    let value = cache.get(database);
    if (value === undefined) cache.set(database, (value = build(database)));
    return value;
  };
}

/** Replaces the database name in a postgres URL (tests create one database per file). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export { schema };
