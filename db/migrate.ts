import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DbHandle } from "./client.ts";

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

// Arbitrary constant: serialises migrations when several instances start at once.
const MIGRATION_LOCK = 727_001;

/**
 * Applies committed SQL migrations. The advisory lock is held on a connection of its own, so this works
 * even when the pool has a single connection, and concurrent boots wait for each other instead of racing.
 */
export async function runMigrations(handle: DbHandle): Promise<void> {
  const lock = postgres(handle.url, { max: 1, onnotice: () => undefined });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(handle.db, { migrationsFolder });
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await lock.end();
  }
}
