import type { Job } from "pg-boss";
import { reportProgress } from "../app/lib/job-progress.server.ts";
import { logger } from "../app/lib/logger.server.ts";
import {
  notifyTrainingFinished,
  recsTrainingNotice,
} from "../app/modules/notifications/training-notices.server.ts";

/** Nightly and on demand: train a recommender, validate it, activate it only if it is better. */
export async function recsTrain(jobs: Job<unknown>[]): Promise<void> {
  const { runTraining, TRAIN_QUEUE } = await import("../app/modules/recs/model-training.server.ts");
  const { invalidateServedModel } = await import("../app/modules/recs/model-serving.server.ts");
  for (const job of jobs) {
    const report = (fraction: number, message: string) =>
      void reportProgress(job.id, TRAIN_QUEUE, Math.min(fraction, 0.99), message).catch(() => {});
    const outcome = await runTraining(job.id, {}, report);
    if (outcome.status === "activated") invalidateServedModel();
    const message =
      outcome.status === "not-enough-data"
        ? `not enough data: ${outcome.reason}`
        : `v${outcome.version} ${outcome.status}: ${outcome.reason}`;
    await reportProgress(job.id, TRAIN_QUEUE, 1, message);
    await notifyTrainingFinished(TRAIN_QUEUE, job.id, recsTrainingNotice(outcome));
  }
}

/** On demand (and after catalog changes): re-embed the catalog with the active model and rebuild its index. */
export async function recsReindex(jobs: Job<unknown>[]): Promise<void> {
  const { reindexActive } = await import("../app/modules/recs/index-build.server.ts");
  const { REINDEX_QUEUE } = await import("../app/modules/recs/model-training.server.ts");
  const { invalidateServedModel } = await import("../app/modules/recs/model-serving.server.ts");
  for (const job of jobs) {
    const report = (fraction: number, message: string) =>
      void reportProgress(job.id, REINDEX_QUEUE, Math.min(fraction, 0.99), message).catch(() => {});
    const outcome = await reindexActive(job.id, report);
    invalidateServedModel();
    const message = outcome
      ? `${outcome.kind} index of ${outcome.items} items, recall@10 ${outcome.recallAt10.toFixed(3)}, ${outcome.buildMs} ms`
      : "no active model: nothing to index (the feed uses the baseline)";
    logger().info({ job: REINDEX_QUEUE, message }, "recs reindex");
    await reportProgress(job.id, REINDEX_QUEUE, 1, message);
  }
}
