import type { Job } from "pg-boss";
import { reportProgress } from "../app/lib/job-progress.server.ts";
import { logger } from "../app/lib/logger.server.ts";
import { quickUpdate } from "../app/modules/climb/model.server.ts";
import { runNightlyFit } from "../app/modules/climb/nightly-fit.server.ts";
import {
  climbFitNotice,
  notifyTrainingFinished,
} from "../app/modules/notifications/training-notices.server.ts";

/** After a completed session: the climber's conjugate update from the cached population. */
export async function climbTrainUser(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const { userId } = (job.data ?? {}) as { userId?: unknown };
    if (typeof userId !== "string") continue;
    const model = await quickUpdate(userId);
    logger().info(
      { job: "climb.train-user", userId, phase: model.phase, sessions: model.sessionsIncluded },
      "climb quick update",
    );
  }
}

/** 02:00 UTC and on demand: the full hierarchical fit for everyone. */
export async function climbTrainNightly(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const { trigger } = (job.data ?? {}) as { trigger?: unknown };
    const report = (fraction: number) =>
      void reportProgress(job.id, "climb.train-nightly", fraction, "Gibbs sampling").catch(() => {});
    const outcome = await runNightlyFit(trigger === "manual" ? "manual" : "schedule", {}, report);
    await reportProgress(
      job.id,
      "climb.train-nightly",
      1,
      outcome.error ?? (outcome.converged ? "converged" : "not converged"),
    );
    await notifyTrainingFinished("climb.train-nightly", job.id, climbFitNotice(outcome));
  }
}
