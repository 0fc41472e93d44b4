import { index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Rate-limit counters kept in Postgres so a limit holds across every instance and restart. One row per key;
 * its window starts at the first hit and resets on the first hit after it has ended (so a burst is never
 * split across two calendar windows). Old rows are purged by the auth.purge-expired-sessions job.
 */
export const rateLimitHits = pgTable("rate_limit_hits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull().default(0),
});

/**
 * A read cache in Postgres (app/lib/cache.server.ts): every instance sees the same entries and the same
 * invalidations, with no Redis. `owner` scopes entries (a user id) so one write clears all of theirs.
 */
export const cacheEntries = pgTable(
  "cache_entries",
  {
    owner: text("owner").notNull(),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.key] }), index("cache_entries_expires_idx").on(t.expiresAt)],
);

/**
 * Progress of long jobs (training, reindexing), written by the job as it goes and read by
 * GET /api/admin/jobs/:id beside pg-boss's own state. Keyed by pg-boss job id.
 */
export const jobProgress = pgTable("job_progress", {
  jobId: text("job_id").primaryKey(),
  queue: text("queue").notNull(),
  fraction: real("fraction").notNull().default(0),
  message: text("message").notNull().default(""),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
