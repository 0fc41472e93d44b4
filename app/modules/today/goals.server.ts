import { eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { practiceGoals } from "../../../db/schema/index.ts";
import { MODULE_LABELS, PLAN_MODULES, type GoalsInput } from "./schemas.ts";

export type Goals = Record<(typeof PLAN_MODULES)[number], number>;

/** The person's daily minutes per module; 0 where they set none. */
export async function getGoals(userId: string): Promise<Goals> {
  const rows = await db().select().from(practiceGoals).where(eq(practiceGoals.userId, userId));
  const goals = Object.fromEntries(PLAN_MODULES.map((m) => [m, 0])) as Goals;
  for (const r of rows) goals[r.module] = r.dailyMinutes;
  return goals;
}

/** Sets the modules named (others keep theirs), in one statement. */
export async function saveGoals(userId: string, input: GoalsInput): Promise<Goals> {
  const rows = Object.entries(input).map(([module, dailyMinutes]) => ({
    userId,
    module: module as (typeof PLAN_MODULES)[number],
    dailyMinutes: dailyMinutes!,
  }));
  if (rows.length)
    await db()
      .insert(practiceGoals)
      .values(rows)
      .onConflictDoUpdate({
        target: [practiceGoals.userId, practiceGoals.module],
        set: { dailyMinutes: sql`excluded.daily_minutes`, updatedAt: sql`now()` },
      });
  return getGoals(userId);
}

/** Goals as the API shows them. */
export function goalsJson(goals: Goals) {
  return PLAN_MODULES.map((m) => ({ module: m, label: MODULE_LABELS[m], daily_minutes: goals[m] }));
}
