import type { Job } from "pg-boss";
import { logger } from "../app/lib/logger.server.ts";
import { quickUpdate } from "../app/modules/climb/model.server.ts";
import { runNightlyFit } from "../app/modules/climb/nightly-fit.server.ts";

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
    await runNightlyFit(trigger === "manual" ? "manual" : "schedule");
  }
}
