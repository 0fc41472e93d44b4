import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/** The library: videos, articles and quizzes. */
export const contentItems = pgTable(
  "content_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: text("type", { enum: ["video", "article", "quiz"] }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    /** Article text, or a video's longer description. */
    body: text("body").notNull().default(""),
    url: text("url"),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    difficulty: smallint("difficulty").notNull(),
    durationMin: smallint("duration_min").notNull(),
    /** Quizzes: [{ prompt, choices, answer }]. */
    quiz: jsonb("quiz"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The item's id in the source it was imported from (sample data, a CSV), so re-imports update it. */
    externalKey: text("external_key"),
  },
  (t) => [
    index("content_items_created_idx").on(t.createdAt),
    uniqueIndex("content_items_external_key").on(t.externalKey),
    // Full-text search over title and description (websearch_to_tsquery in catalog.server.ts uses the same expression).
    index("content_items_search_idx").using(
      "gin",
      sql`to_tsvector('english', ${t.title} || ' ' || ${t.description})`,
    ),
    index("content_items_tags_idx").using("gin", t.tags),
    check("content_items_difficulty", sql`${t.difficulty} between 1 and 5`),
  ],
);

/**
 * Every interaction event, durable before the API answers; a repeated client_event_id from the same user is
 * the same event (idempotent retries).
 */
export const recsEvents = pgTable(
  "recs_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    contentId: uuid("content_id")
      .notNull()
      .references(() => contentItems.id, { onDelete: "cascade" }),
    eventType: text("event_type", {
      enum: ["impression", "view", "click", "complete", "like", "skip", "quiz_answer"],
    }).notNull(),
    ts: timestamp("ts", { withTimezone: true }).notNull(),
    dwellMs: integer("dwell_ms"),
    value: real("value"),
    clientEventId: text("client_event_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("recs_events_user_ts_idx").on(t.userId, t.ts),
    index("recs_events_content_idx").on(t.contentId),
    uniqueIndex("recs_events_client_key")
      .on(t.userId, t.clientEventId)
      .where(sql`${t.clientEventId} is not null`),
  ],
);

/** A learner's cohort in the library (sample users have one; real users get one from their behaviour later). */
export const recsProfiles = pgTable("recs_profiles", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  cohort: text("cohort").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
