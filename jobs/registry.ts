import type { Job } from "pg-boss";
import { purgeExpiredSessions } from "./auth-purge-expired-sessions.ts";
import { climbTrainNightly, climbTrainUser } from "./climb-train.ts";
import { learnCleanupSnapshots, learnSnapshotAnalytics } from "./learn-analytics.ts";
import { emailSendOutbox } from "./email-send-outbox.ts";
import { learnStreakReminders } from "./learn-streak-reminders.ts";
import { learnCheckAchievements } from "./learn-check-achievements.ts";
import { learnOptimizeFsrs } from "./learn-optimize-fsrs.ts";
import { notificationsNewPicks } from "./notifications-new-picks.ts";
import { recsReindex, recsTrain } from "./recs-train.ts";
import { storiesPurgeDrafts } from "./stories-purge-drafts.ts";
import { typingEnrich } from "./typing-enrich.ts";
import { typingSweep } from "./typing-sweep.ts";
import { typingTrain } from "./typing-train.ts";

/**
 * Every queue Praxis uses, declared once: retry policy, expiry, dead-letter queue, optional cron (UTC) and
 * the handler. jobs/boss.ts creates them all at start-up; nothing sends to a queue that is not here.
 */
export interface QueueDefinition {
  name: string;
  description: string;
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) per attempt when retryBackoff is set. */
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  /** Cron in UTC, for scheduled queues. */
  cron?: string;
  /** Jobs fetched per poll: batch fetch keeps throughput high (see stack-facts: ~0.5 jobs/s with 1). */
  batchSize: number;
  handler: (jobs: Job<unknown>[]) => Promise<void>;
}

export const DEAD_LETTER_SUFFIX = ".dead";

export const queues: QueueDefinition[] = [
  {
    name: "auth.purge-expired-sessions",
    description: "Deletes expired sessions and old rate-limit windows",
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
    cron: "0 * * * *",
    batchSize: 1,
    handler: purgeExpiredSessions,
  },
  {
    name: "typing.enrich",
    description: "Turns raw typing telemetry into per-key statistics, snippet usage and session summaries",
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
    batchSize: 50,
    handler: typingEnrich,
  },
  {
    name: "typing.sweep",
    description: "Re-enqueues typing telemetry left unenriched (enqueue failed or lost)",
    retryLimit: 2,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
    cron: "*/5 * * * *",
    batchSize: 1,
    handler: typingSweep,
  },
  {
    name: "typing.train",
    description: "Trains the snippet ranker (LambdaMART) and activates it only if it beats the baselines",
    retryLimit: 1,
    retryDelay: 60,
    retryBackoff: false,
    expireInSeconds: 1_800,
    cron: "0 2 * * *",
    batchSize: 1,
    handler: typingTrain,
  },
  {
    name: "learn.optimize-fsrs",
    description:
      "Fits a learner's FSRS weights on their review log and adopts them only if they predict held-out recent reviews better (weekly for everyone with new reviews, and after every 200 reviews)",
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 600,
    cron: "0 3 * * 0",
    batchSize: 1,
    handler: learnOptimizeFsrs,
  },
  {
    name: "learn.check-achievements",
    description:
      "Checks one learner's achievements and unlocks what they now meet (manual trigger; completion checks inline)",
    retryLimit: 2,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
    batchSize: 10,
    handler: learnCheckAchievements,
  },
  {
    name: "learn.snapshot-analytics",
    description:
      "Stores each active learner's finished day (XP, reviews, recall, turns, minutes) for the analytics",
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 1_800,
    cron: "0 2 * * *",
    batchSize: 1,
    handler: learnSnapshotAnalytics,
  },
  {
    name: "learn.cleanup-snapshots",
    description: "Deletes analytics snapshots older than 365 days and expired cache entries",
    retryLimit: 2,
    retryDelay: 300,
    retryBackoff: true,
    expireInSeconds: 600,
    cron: "0 3 * * 0",
    batchSize: 1,
    handler: learnCleanupSnapshots,
  },
  {
    name: "learn.streak-reminders",
    description:
      "Reminds learners who practised yesterday but not yet today (in-app; email through the outbox if SMTP is set)",
    retryLimit: 3,
    retryDelay: 120,
    retryBackoff: true,
    expireInSeconds: 900,
    cron: "0 18 * * *",
    batchSize: 1,
    handler: learnStreakReminders,
  },
  {
    name: "email.send-outbox",
    description: "Delivers pending outbox email over SMTP and marks it sent (no-op without SMTP_URL)",
    retryLimit: 1,
    retryDelay: 30,
    retryBackoff: false,
    expireInSeconds: 300,
    cron: "* * * * *",
    batchSize: 1,
    handler: emailSendOutbox,
  },
  {
    name: "climb.train-user",
    description:
      "Updates one climber's session-quality coefficients after a completed session (conjugate update from the cached population)",
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
    batchSize: 10,
    handler: climbTrainUser,
  },
  {
    name: "climb.train-nightly",
    description:
      "Fits the full hierarchical model (population mean, between-climber covariance, noise) by Gibbs sampling, with R-hat and ESS; used only if it converged",
    retryLimit: 1,
    retryDelay: 300,
    retryBackoff: false,
    expireInSeconds: 3_600,
    cron: "0 2 * * *",
    batchSize: 1,
    handler: climbTrainNightly,
  },
  {
    name: "recs.train",
    description:
      "Trains the library's two-tower retrieval and LambdaMART ranker on the events, validates them against the baseline and the active model, and activates a better one (with its index)",
    retryLimit: 1,
    retryDelay: 300,
    retryBackoff: false,
    expireInSeconds: 3_600,
    cron: "0 3 * * *",
    batchSize: 1,
    handler: recsTrain,
  },
  {
    name: "recs.reindex",
    description:
      "Embeds every library item with the active model (new items from their features) and rebuilds its vector index (HNSW above the threshold)",
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 1_800,
    batchSize: 1,
    handler: recsReindex,
  },
  {
    name: "notifications.new-picks",
    description:
      "Tells readers active in the library in the last 14 days when 3 or more of their top 10 picks are new to them (in-app, at most once a day)",
    retryLimit: 3,
    retryDelay: 120,
    retryBackoff: true,
    expireInSeconds: 1_800,
    cron: "0 9 * * *",
    batchSize: 1,
    handler: notificationsNewPicks,
  },
  {
    name: "stories.purge-drafts",
    description: "Deletes unsaved story drafts older than a week",
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    cron: "30 4 * * *",
    batchSize: 1,
    handler: storiesPurgeDrafts,
  },
];

export function deadLetterName(queue: string): string {
  return `${queue}${DEAD_LETTER_SUFFIX}`;
}
