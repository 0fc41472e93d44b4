import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

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
