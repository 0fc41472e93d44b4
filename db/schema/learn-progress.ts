import { date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/** Achievement definitions (app/modules/learn/achievements/definitions.ts, upserted by learn:seed-achievements). */
export const achievements = pgTable("achievements", {
  key: text("key").primaryKey(),
  category: text("category", { enum: ["session", "streak", "vocabulary", "xp", "accuracy"] }).notNull(),
  title: text("title").notNull(),
  description: text("description").notNull(),
  threshold: integer("threshold").notNull(),
  sortOrder: integer("sort_order").notNull(),
});

/** Which learner unlocked which achievement, and when (unlocks are never taken back). */
export const userAchievements = pgTable(
  "user_achievements",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    achievementKey: text("achievement_key")
      .notNull()
      .references(() => achievements.key, { onDelete: "cascade" }),
    unlockedAt: timestamp("unlocked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.achievementKey] }),
    index("user_achievements_user_idx").on(t.userId),
  ],
);

/**
 * One learner's figures for one finished day (their calendar): written by the daily learn.snapshot-analytics
 * job (02:00 UTC) or on first read of a day without one; today is always computed live.
 */
export const analyticsSnapshots = pgTable(
  "analytics_snapshots",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    xp: integer("xp").notNull(),
    reviews: integer("reviews").notNull(),
    recalled: integer("recalled").notNull(),
    turns: integer("turns").notNull(),
    cleanTurns: integer("clean_turns").notNull(),
    minutes: integer("minutes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index("analytics_snapshots_day_idx").on(t.day)],
);
