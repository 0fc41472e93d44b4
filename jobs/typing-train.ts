import type { Job } from "pg-boss";
import { logger } from "../app/lib/logger.server.ts";
import {
  notifyTrainingFinished,
  typingTrainingNotice,
} from "../app/modules/notifications/training-notices.server.ts";
import { trainTypingRanker } from "../app/modules/typing/training.server.ts";

const QUEUE = "typing.train";

/**
 * Nightly and on demand: train the snippet ranker; it activates only if it beats the baselines and the
 * active model. Admins are told the outcome (once per job).
 */
export async function typingTrain(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const outcome = await trainTypingRanker();
    logger().info(
      { job: QUEUE, status: outcome.status, reason: outcome.reason, ndcg: outcome.evaluation?.ndcg },
      "typing ranker trained",
    );
    await notifyTrainingFinished(QUEUE, job.id, typingTrainingNotice(outcome));
  }
}
