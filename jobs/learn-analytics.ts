import type { Job } from "pg-boss";
import { logger } from "../app/lib/logger.server.ts";
import { cleanupAnalytics, snapshotAnalytics } from "../app/modules/learn/analytics/snapshots.server.ts";

/** Daily 02:00 UTC (or on demand with {date} or {userId}): each active learner's finished day. */
export async function learnSnapshotAnalytics(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const { date, userId } = (job.data ?? {}) as { date?: string; userId?: string };
    const done = await snapshotAnalytics({ date, userId });
    logger().info(
      { job: "learn.snapshot-analytics", date, userId, learners: done.learners },
      "analytics snapshots written",
    );
  }
}

/** Sundays 03:00 UTC: snapshots older than a year and expired cache entries go. */
export async function learnCleanupSnapshots(): Promise<void> {
  const gone = await cleanupAnalytics();
  logger().info({ job: "learn.cleanup-snapshots", ...gone }, "old analytics removed");
}
