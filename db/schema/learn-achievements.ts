import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
