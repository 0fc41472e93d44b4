import { defineConfig } from "drizzle-kit";

// `npm run db:generate` diffs db/schema against the committed snapshots and writes SQL to db/migrations.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
