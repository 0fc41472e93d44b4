import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/** French words ranked by frequency, with an English gloss (app/modules/learn/data/vocabulary-fr.csv). */
export const vocabularyWords = pgTable(
  "vocabulary_words",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    french: text("french").notNull(),
    /** The word's identity for imports: "Paris" and "paris" are one word. */
    frenchKey: text("french_key")
      .notNull()
      .generatedAlwaysAs(sql`lower(french)`),
    english: text("english").notNull(),
    rank: integer("rank").notNull(),
    partOfSpeech: text("part_of_speech"),
    gender: text("gender"),
    cefrLevel: text("cefr_level").notNull(),
    exampleFr: text("example_fr"),
    exampleEn: text("example_en"),
    source: text("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("vocabulary_words_french_key").on(t.frenchKey),
    index("vocabulary_words_rank_idx").on(t.rank),
  ],
);

/** What a learner wants: level, daily limits, retention, timezone (their "today"), FSRS parameters. */
export const learnerProfiles = pgTable("learner_profiles", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  cefrLevel: text("cefr_level").notNull(),
  dailyNewLimit: integer("daily_new_limit").notNull().default(20),
  dailyReviewLimit: integer("daily_review_limit").notNull().default(200),
  desiredRetention: real("desired_retention").notNull().default(0.9),
  timezone: text("timezone").notNull().default("UTC"),
  /** The learner's own FSRS weights once the optimiser has found better ones; null means the defaults. */
  fsrsWeights: doublePrecision("fsrs_weights").array(),
  /** Reviews logged since the optimiser last ran for this learner (it runs again after N more). */
  reviewsSinceOptimized: integer("reviews_since_optimized").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One FSRS memory per learner and word (ts-fsrs Card). */
export const learnCards = pgTable(
  "learn_cards",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    wordId: integer("word_id")
      .notNull()
      .references(() => vocabularyWords.id, { onDelete: "cascade" }),
    due: timestamp("due", { withTimezone: true }).notNull(),
    stability: doublePrecision("stability").notNull(),
    difficulty: doublePrecision("difficulty").notNull(),
    elapsedDays: integer("elapsed_days").notNull(),
    scheduledDays: integer("scheduled_days").notNull(),
    learningSteps: integer("learning_steps").notNull(),
    reps: integer("reps").notNull(),
    lapses: integer("lapses").notNull(),
    /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning. */
    state: smallint("state").notNull(),
    lastReview: timestamp("last_review", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.wordId] }), index("learn_cards_due_idx").on(t.userId, t.due)],
);

/** Every review, with the card as it was before it (for undo and for the optimiser). */
export const learnReviewLogs = pgTable(
  "learn_review_logs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    wordId: integer("word_id")
      .notNull()
      .references(() => vocabularyWords.id, { onDelete: "cascade" }),
    clientReviewId: text("client_review_id"),
    /** ts-fsrs Rating: 1 Again, 2 Hard, 3 Good, 4 Easy (the API's 0-3 plus one). */
    rating: smallint("rating").notNull(),
    /** The card's state before this review (0 New = the word was introduced by it). */
    stateBefore: smallint("state_before").notNull(),
    cardBefore: jsonb("card_before").notNull(),
    direction: text("direction").notNull(),
    answerMode: text("answer_mode").notNull(),
    durationMs: integer("duration_ms"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull(),
    nextDue: timestamp("next_due", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("learn_review_logs_client_key").on(t.userId, t.clientReviewId),
    index("learn_review_logs_user_time_idx").on(t.userId, t.reviewedAt),
  ],
);

/** One run of learn.optimize-fsrs for a learner: default vs fitted weights on held-out reviews. */
export const learnFsrsRuns = pgTable(
  "learn_fsrs_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    reviews: integer("reviews").notNull(),
    trainReviews: integer("train_reviews").notNull(),
    testReviews: integer("test_reviews").notNull(),
    fittedWeights: doublePrecision("fitted_weights").array(),
    /** {current, fitted, default}: each {logLoss, rmseBins, auc} on the held-out reviews. */
    metrics: jsonb("metrics").notNull(),
    adopted: boolean("adopted").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("learn_fsrs_runs_user_idx").on(t.userId, t.createdAt)],
);
