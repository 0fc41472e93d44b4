import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  customType,
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

/** Binary blobs (model bundles, packed vectors) as Buffers. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * The library: videos, articles and quizzes, and other modules' practice listed beside them (saved stories
 * their writers share, typing lesson packs, French conversation scenarios, climbing drills; external keys
 * `story:…`, `typing-pack:…`, `scenario:…`, `climb-drill:…`, kept in step by cross-module-catalog.server.ts).
 * The type list is app/modules/recs/content-types.ts (no database check: a new type needs no migration).
 */
export const contentItems = pgTable(
  "content_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: text("type", {
      enum: ["video", "article", "quiz", "story", "typing_pack", "scenario", "climb_drill"],
    }).notNull(),
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

/**
 * Trained recommenders (two-tower retrieval + LambdaMART ranker), one row per `recs.train` run that got as far
 * as a model. `metrics` holds the validation comparison the activation decision was made on; `decision` says
 * why it was (not) activated. At most one row is active; the feed falls back to the baseline without one.
 */
export const recsModels = pgTable(
  "recs_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").generatedAlwaysAsIdentity(),
    /** staged: trained and better, its index being built before it becomes active. */
    status: text("status", { enum: ["staged", "active", "rejected", "retired"] }).notNull(),
    /** Hyper-parameters and data sizes the model was trained with. */
    params: jsonb("params").notNull(),
    metrics: jsonb("metrics").notNull(),
    decision: text("decision").notNull(),
    /** v8-serialised ModelBundle (ml/recs/model-bundle.ts). */
    bundle: bytea("bundle").notNull(),
    /** The newest recs_events id the model was trained on: later events are unseen by it. */
    cutoffEventId: bigint("cutoff_event_id", { mode: "number" }).notNull(),
    jobId: text("job_id"),
    trainedAt: timestamp("trained_at", { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("recs_models_one_active")
      .on(t.status)
      .where(sql`${t.status} = 'active'`),
  ],
);

/**
 * Item vectors of a model for the whole catalog, built by `recs.reindex`: packed row-major float32 plus, above
 * the threshold, the HNSW graph. Each process loads the newest row of the active model.
 */
export const recsIndexes = pgTable(
  "recs_indexes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => recsModels.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["exact", "hnsw"] }).notNull(),
    dim: integer("dim").notNull(),
    itemCount: integer("item_count").notNull(),
    /** Content item ids in row order. */
    itemIds: uuid("item_ids").array().notNull(),
    vectors: bytea("vectors").notNull(),
    /** Per-row score offset (the model's item bias). */
    offsets: bytea("offsets").notNull(),
    graph: bytea("graph"),
    /** Mean recall@10 of the approximate index against exact search (1 for exact). */
    recallAt10: real("recall_at_10").notNull(),
    buildMs: integer("build_ms").notNull(),
    jobId: text("job_id"),
    builtAt: timestamp("built_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recs_indexes_model_built_idx").on(t.modelId, t.builtAt)],
);
