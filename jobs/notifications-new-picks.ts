import type { Job } from "pg-boss";
import { reportProgress } from "../app/lib/job-progress.server.ts";
import { logger } from "../app/lib/logger.server.ts";
import { NEW_PICKS_QUEUE, notifyNewPicks } from "../app/modules/notifications/new-picks.server.ts";

/** Daily: tell active library readers when their feed holds new picks (at most once a day each). */
export async function notificationsNewPicks(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const report = (fraction: number, message: string) =>
      void reportProgress(job.id, NEW_PICKS_QUEUE, fraction, message).catch(() => {});
    const result = await notifyNewPicks(new Date(), report);
    logger().info({ job: NEW_PICKS_QUEUE, ...result }, "new picks notified");
    await reportProgress(
      job.id,
      NEW_PICKS_QUEUE,
      1,
      `${result.notified} of ${result.readers} readers notified`,
    );
  }
}
