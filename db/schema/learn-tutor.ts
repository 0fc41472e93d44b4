import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/** A tutoring conversation: an open topic or a role-play scenario, at a level, for a planned time. */
export const tutorSessions = pgTable(
  "tutor_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
    /** A scenario key (app/modules/learn/scenarios.ts) for role-play, null for an open topic. */
    scenario: text("scenario"),
    cefrLevel: text("cefr_level").notNull(),
    plannedMinutes: smallint("planned_minutes").notNull(),
    status: text("status", { enum: ["active", "completed"] })
      .notNull()
      .default("active"),
    turns: integer("turns").notNull().default(0),
    xp: integer("xp").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("tutor_sessions_user_idx").on(t.userId, t.startedAt)],
);

/** Every message in a session, learner and tutor, in order. */
export const tutorMessages = pgTable(
  "tutor_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => tutorSessions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    role: text("role", { enum: ["learner", "tutor"] }).notNull(),
    content: text("content").notNull(),
    /** Who wrote a tutor message: openai, anthropic or offline. */
    provider: text("provider"),
    /** The offline tutor's drill this message sets ({kind, wordId, expected}), checked on the next turn. */
    drill: jsonb("drill"),
    clientMessageId: text("client_message_id"),
    /** On a learner message: the turn result it got, returned again for a repeated client_message_id. */
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tutor_messages_seq_key").on(t.sessionId, t.seq),
    uniqueIndex("tutor_messages_client_key").on(t.sessionId, t.clientMessageId),
  ],
);

/** Each mistake found in a learner's message (rule checker or LLM), kept for feedback and analytics. */
export const tutorErrors = pgTable(
  "tutor_errors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => tutorMessages.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    text: text("text").notNull(),
    category: text("category").notNull(),
    suggestion: text("suggestion").notNull(),
    explanation: text("explanation").notNull(),
    source: text("source", { enum: ["checker", "llm"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("tutor_errors_user_idx").on(t.userId, t.createdAt)],
);

/** XP as a ledger: every award with its source, so totals, days and streaks are sums over it. */
export const xpEvents = pgTable(
  "xp_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["turn", "review", "session"] }).notNull(),
    amount: integer("amount").notNull(),
    refId: text("ref_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("xp_events_user_idx").on(t.userId, t.createdAt),
    check("xp_events_amount_positive", sql`${t.amount} > 0`),
  ],
);
