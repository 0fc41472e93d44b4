import { sql } from "drizzle-orm";
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

export const typingMode = pgEnum("typing_mode", ["words", "sentences"]);

/** Practice texts with the analyser's difficulty metadata (ml/typing/snippet-features.ts). */
export const snippets = pgTable(
  "snippets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mode: typingMode("mode").notNull(),
    text: text("text").notNull(),
    /** sha256 of mode + text: loading the same snippet twice is a no-op. */
    contentHash: text("content_hash").notNull(),
    source: text("source").notNull(),
    length: integer("length").notNull(),
    difficulty: real("difficulty").notNull(),
    features: jsonb("features").notNull(),
    /** Distinct keys the snippet exercises, for "drills your slow keys" matching. */
    keys: text("keys").array().notNull(),
    /** Set for a user's own practice texts (a story sent to typing): kept out of everyone else's picks. */
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("snippets_content_hash_key").on(t.contentHash),
    index("snippets_mode_idx").on(t.mode),
    index("snippets_owner_idx")
      .on(t.ownerId)
      .where(sql`${t.ownerId} is not null`),
  ],
);

/** A practice session: one sitting of several snippets; summary columns are filled by enrichment. */
export const typingSessions = pgTable(
  "typing_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    mode: typingMode("mode").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    snippetsCompleted: integer("snippets_completed").notNull().default(0),
    wpm: real("wpm"),
    accuracy: real("accuracy"),
    durationMs: integer("duration_ms").notNull().default(0),
  },
  (t) => [index("typing_sessions_user_idx").on(t.userId, t.startedAt)],
);

/**
 * Raw telemetry exactly as posted, written before the response. `enriched_at` is set by typing.enrich;
 * the sweeper re-enqueues rows that stay null.
 */
export const telemetrySnippetRaw = pgTable(
  "telemetry_snippet_raw",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientEventId: text("client_event_id"),
    payload: jsonb("payload").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    enrichedAt: timestamp("enriched_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("telemetry_raw_client_event_key").on(t.userId, t.clientEventId),
    index("telemetry_raw_unenriched_idx")
      .on(t.receivedAt)
      .where(sql`${t.enrichedAt} is null`),
  ],
);

/** One completed snippet: the performance snapshot the ranker learns from. One row per raw event. */
export const snippetUsage = pgTable(
  "snippet_usage",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    rawId: uuid("raw_id")
      .notNull()
      .references(() => telemetrySnippetRaw.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    snippetId: uuid("snippet_id")
      .notNull()
      .references(() => snippets.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => typingSessions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    wpm: real("wpm").notNull(),
    accuracy: real("accuracy").notNull(),
    difficulty: real("difficulty").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull(),
    keystrokes: integer("keystrokes").notNull().default(0),
    errors: integer("errors").notNull().default(0),
  },
  (t) => [
    uniqueIndex("snippet_usage_raw_key").on(t.rawId),
    index("snippet_usage_user_idx").on(t.userId, t.completedAt),
    index("snippet_usage_snippet_idx").on(t.snippetId),
  ],
);

/** Per-user, per-key statistics smoothed with an exponential moving average (keybr: alpha 0.1). */
export const typingKeyStats = pgTable(
  "typing_key_stats",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** A single character key, or two characters for a bigram. */
    gram: text("gram").notNull(),
    hits: integer("hits").notNull().default(0),
    misses: integer("misses").notNull().default(0),
    emaMs: doublePrecision("ema_ms"),
    bestMs: doublePrecision("best_ms"),
    emaErrorRate: doublePrecision("ema_error_rate").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.gram] })],
);

export type Snippet = typeof snippets.$inferSelect;
export type TypingMode = (typeof typingMode.enumValues)[number];

export const modelStatus = pgEnum("typing_model_status", ["active", "retired", "rejected"]);

/**
 * Every typing.train run: the trained ranker, its data window, hyper-parameters and hold-out metrics beside
 * the baselines. At most one row is active; a run that does not beat the active model and the best
 * baseline is kept as rejected, with the reason, so admins can see why.
 */
export const typingModelVersions = pgTable(
  "typing_model_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    status: modelStatus("status").notNull(),
    reason: text("reason").notNull(),
    params: jsonb("params").notNull(),
    metrics: jsonb("metrics").notNull(),
    dataWindow: jsonb("data_window").notNull(),
    model: jsonb("model"),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
  },
  (t) => [
    index("typing_model_versions_created_idx").on(t.createdAt),
    uniqueIndex("typing_model_versions_one_active")
      .on(t.status)
      .where(sql`${t.status} = 'active'`),
  ],
);
