import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/**
 * Stories written for a user. A row is inserted once, when a story is finished (or stopped by its
 * reader), never while it streams: a dropped connection leaves nothing behind. `saved_at` marks the ones
 * kept in the user's library; unsaved drafts are purged after a week (stories.purge-drafts). `shared_at` marks
 * a saved story its writer shares in the library (the recs catalog), where other readers can read it.
 */
export const stories = pgTable(
  "stories",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** What the user wrote; the story is prompt + body. */
    prompt: text("prompt").notNull(),
    body: text("body").notNull(),
    /** Which writer produced it (local, sidecar, openai, anthropic) and its model. */
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    /** temperature, topK, topP, maxTokens, seed. */
    params: jsonb("params").notNull(),
    /** Tokens, timings, stop reason and the providers that failed first. */
    stats: jsonb("stats").notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true }),
    sharedAt: timestamp("shared_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("stories_user_created_idx").on(t.userId, t.createdAt),
    index("stories_drafts_idx")
      .on(t.createdAt)
      .where(sql`${t.savedAt} is null`),
    index("stories_shared_idx")
      .on(t.sharedAt)
      .where(sql`${t.sharedAt} is not null`),
  ],
);

export type Story = typeof stories.$inferSelect;
