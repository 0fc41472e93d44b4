import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { DbHandle } from "./client.ts";

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

// Arbitrary constant: serialises migrations when several instances start at once.
const MIGRATION_LOCK = 727_001;

/** Applies committed SQL migrations, holding an advisory lock so concurrent boots do not race. */
export async function runMigrations(handle: DbHandle): Promise<void> {
  const reserved = await handle.sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(handle.db, { migrationsFolder });
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    reserved.release();
  }
}
