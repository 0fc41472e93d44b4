import { getBoss } from "../../../jobs/boss.ts";

export const TRAIN_USER_QUEUE = "climb.train-user";
export const TRAIN_NIGHTLY_QUEUE = "climb.train-nightly";

/**
 * Queues a climber's quick update. Not deduplicated: the update is cheap and reads every session at run
 * time, and a throttled send could drop the update that would have seen the latest session.
 */
export function requestUserTraining(userId: string): Promise<string | null> {
  return getBoss().send(TRAIN_USER_QUEUE, { userId });
}

/** Queues a full hierarchical fit (admins, on demand); one at a time. */
export function requestNightlyFit(): Promise<string | null> {
  return getBoss().send(
    TRAIN_NIGHTLY_QUEUE,
    { trigger: "manual" },
    { singletonKey: "nightly", singletonSeconds: 30 },
  );
}
