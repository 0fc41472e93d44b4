import type { Job } from "pg-boss";
import { logger } from "../app/lib/logger.server.ts";
import { checkAchievements } from "../app/modules/learn/achievements/achievements.server.ts";

/** One learner's achievement check (npm run learn:trigger-achievements -- --async); idempotent. */
export async function learnCheckAchievements(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const { userId } = (job.data ?? {}) as { userId?: unknown };
    if (typeof userId !== "string") throw new Error(`learn.check-achievements job ${job.id} has no userId`);
    const unlocked = await checkAchievements(userId);
    logger().info(
      { job: "learn.check-achievements", userId, unlocked: unlocked.map((a) => a.key) },
      "achievements checked",
    );
  }
}
