import { getBoss } from "../../../jobs/boss.ts";

export const OPTIMIZE_QUEUE = "learn.optimize-fsrs";

/** A learner's weights are refitted after this many new reviews (and weekly if they reviewed at all). */
export const OPTIMIZE_EVERY_REVIEWS = 200;

/** Queues one learner's optimisation; a second request for the same learner within a minute is dropped. */
export function requestOptimization(userId: string): Promise<string | null> {
  return getBoss().send(OPTIMIZE_QUEUE, { userId }, { singletonKey: userId, singletonSeconds: 60 });
}
