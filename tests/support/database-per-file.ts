import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, setDb, withDatabase, type DbHandle } from "../../db/client.ts";

/** Each integration test file gets its own database, cloned from the migrated template. */
let handle: DbHandle | undefined;
let admin: DbHandle | undefined;
let name: string | undefined;

beforeAll(async () => {
  const pgUrl = inject("pgUrl");
  name = `t_${randomBytes(6).toString("hex")}`;
  admin = createDb(pgUrl, { max: 1 });
  await admin.sql.unsafe(`create database ${name} template ${inject("templateDb")}`);
  handle = createDb(withDatabase(pgUrl, name), { max: 5 });
  setDb(handle);
  process.env.PRAXIS_TEST_DATABASE_URL = handle.url;
});

afterAll(async () => {
  await handle?.sql.end({ timeout: 5 });
  setDb(undefined);
  if (admin && name) {
    await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
    await admin.sql.end();
  }
});
