import { asc, eq, sql } from "drizzle-orm";
import { db } from "../../../../db/client.ts";
import { achievements, userAchievements } from "../../../../db/schema/index.ts";
import { notify } from "../../notifications/notifications.server.ts";
import { ACCURACY_TARGET, ACHIEVEMENTS, type AchievementDefinition } from "./definitions.ts";
import { learnerStats, type LearnerStats } from "./learner-stats.server.ts";

/** Upserts the definitions (idempotent): `npm run learn:seed-achievements`, and at boot. */
export async function seedAchievements(): Promise<{ upserted: number }> {
  const rows = ACHIEVEMENTS.map((a, i) => ({ ...a, sortOrder: i }));
  await db()
    .insert(achievements)
    .values(rows)
    .onConflictDoUpdate({
      target: achievements.key,
      set: {
        category: sql`excluded.category`,
        title: sql`excluded.title`,
        description: sql`excluded.description`,
        threshold: sql`excluded.threshold`,
        sortOrder: sql`excluded.sort_order`,
      },
    });
  return { upserted: rows.length };
}

export async function listAchievements() {
  const rows = await db().select().from(achievements).orderBy(asc(achievements.sortOrder));
  return rows.map(({ sortOrder: _s, ...a }) => a);
}

/** A learner's figure for an achievement, and whether it is met. */
function measure(a: Pick<AchievementDefinition, "category" | "threshold">, s: LearnerStats) {
  const accuracy = s.turns ? s.cleanTurns / s.turns : null;
  const value = {
    session: s.sessionsCompleted,
    streak: s.streak.longest,
    vocabulary: s.wordsLearned,
    xp: s.xpTotal,
    accuracy: s.sessionsCompleted,
  }[a.category];
  const met = value >= a.threshold && (a.category !== "accuracy" || (accuracy ?? 0) >= ACCURACY_TARGET);
  return { value, progress: Math.min(1, value / a.threshold), met };
}

export async function myAchievements(userId: string) {
  const [stats, defs, unlocked] = await Promise.all([
    learnerStats(userId),
    listAchievements(),
    db().select().from(userAchievements).where(eq(userAchievements.userId, userId)),
  ]);
  const when = new Map(unlocked.map((u) => [u.achievementKey, u.unlockedAt]));
  return {
    stats: {
      xp_total: stats.xpTotal,
      sessions_completed: stats.sessionsCompleted,
      words_learned: stats.wordsLearned,
      streak_current: stats.streak.current,
      streak_longest: stats.streak.longest,
      accuracy: stats.turns ? stats.cleanTurns / stats.turns : null,
    },
    achievements: defs.map((a) => {
      const m = measure(a, stats);
      return {
        ...a,
        value: m.value,
        progress: m.progress,
        unlocked_at: when.get(a.key)?.toISOString() ?? null,
      };
    }),
  };
}

/** Unlocks every achievement the learner now meets; returns only the ones unlocked by this call. */
export async function checkAchievements(userId: string) {
  const [stats, defs] = await Promise.all([learnerStats(userId), listAchievements()]);
  const met = defs.filter((a) => measure(a, stats).met);
  if (met.length === 0) return [];
  const byKey = new Map(defs.map((a) => [a.key, a]));
  // The unlock and its notification commit together: a crash between them cannot lose the notification.
  const inserted = await db().transaction(async (tx) => {
    const rows = await tx
      .insert(userAchievements)
      .values(met.map((a) => ({ userId, achievementKey: a.key })))
      .onConflictDoNothing()
      .returning();
    for (const u of rows) {
      const a = byKey.get(u.achievementKey)!;
      await notify(tx, {
        userId,
        kind: "achievement",
        title: `Achievement unlocked: ${a.title}`,
        body: `You reached the goal “${a.description}”.`,
        link: "/learn/achievements",
        dedupeKey: `achievement:${userId}:${a.key}`,
      });
    }
    return rows;
  });
  return inserted.map((u) => ({ ...byKey.get(u.achievementKey)!, unlocked_at: u.unlockedAt.toISOString() }));
}
