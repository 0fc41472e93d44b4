import { check, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { users } from "./auth.ts";

/**
 * What a person wants from each module, in minutes a day (0: not a goal). The Today plan ranks modules
 * under their goal above the rest (docs/decisions/020-today-plan.md). No row: no goal set.
 */
export const practiceGoals = pgTable(
  "practice_goals",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    module: text("module", { enum: ["typing", "library", "climb", "stories", "learn"] }).notNull(),
    dailyMinutes: integer("daily_minutes").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.module] }),
    check("practice_goals_minutes", sql`${t.dailyMinutes} between 0 and 240`),
  ],
);

export type PracticeGoal = typeof practiceGoals.$inferSelect;
