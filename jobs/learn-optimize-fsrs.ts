import type { Job } from "pg-boss";
import { logger } from "../app/lib/logger.server.ts";
import { learnersToOptimize, optimizeLearner } from "../app/modules/learn/optimize.server.ts";

const QUEUE = "learn.optimize-fsrs";

/**
 * A job naming a learner optimises that learner (sent after every OPTIMIZE_EVERY_REVIEWS reviews). The
 * weekly cron job names nobody: it queues one job per learner with reviews since their last run.
 */
export async function learnOptimizeFsrs(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const { userId } = (job.data ?? {}) as { userId?: unknown };
    if (typeof userId === "string") {
      const outcome = await optimizeLearner(userId);
      logger().info(
        { job: QUEUE, userId, adopted: outcome?.adopted, reason: outcome?.reason },
        "FSRS optimisation run",
      );
    } else {
      // Imported here, not at the top: jobs/boss.ts imports this file through the queue registry.
      const { requestOptimization } = await import("../app/modules/learn/optimize-requests.server.ts");
      const learners = await learnersToOptimize();
      for (const id of learners) await requestOptimization(id);
      logger().info({ job: QUEUE, learners: learners.length }, "queued weekly FSRS optimisation");
    }
  }
}
