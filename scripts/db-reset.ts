// Development only: drops every table (and the job queue) and migrates again from scratch.
import { env } from "../app/lib/env.server.ts";
import { startRuntime } from "../app/lib/runtime.server.ts";

if (env().NODE_ENV === "production") {
  console.error("db:reset refuses to run with NODE_ENV=production");
  process.exit(1);
}
const runtime = await startRuntime({ jobs: false, migrate: false, seed: false });
await runtime.db.sql.unsafe(`
  drop schema if exists public cascade;
  drop schema if exists drizzle cascade;
  drop schema if exists pgboss cascade;
  create schema public;
`);
await runtime.stop();
const fresh = await startRuntime({ jobs: false });
console.log("database reset: migrated and seeded");
await fresh.stop();
