import { db } from "../../../db/client.ts";
import { MAX_RHAT, MIN_ESS } from "../climb/fit-settings.ts";
import type { NightlyOutcome } from "../climb/nightly-fit.server.ts";
import type { TrainingOutcome as RecsTrainingOutcome } from "../recs/model-training.server.ts";
import type { TrainingOutcome as TypingTrainingOutcome } from "../typing/training.server.ts";
import { notifyAdmins } from "./notifications.server.ts";

/**
 * What admins are told when a training job finishes: whether the new model is in use and the figure it
 * was judged on, linking to the module's admin page. One notice per admin per job (the dedupe key names the
 * queue and the pg-boss job id), so a handler that runs twice notifies once.
 */
export interface TrainingNotice {
  title: string;
  body: string;
  link: string;
}

export function typingTrainingNotice(outcome: TypingTrainingOutcome): TrainingNotice {
  const title = {
    active: "Typing ranker trained and activated",
    rejected: "Typing ranker trained, not activated",
    "insufficient-data": "Typing ranker not trained: not enough data",
  }[outcome.status];
  return { title, body: `${outcome.reason}.`, link: "/admin/typing" };
}

export function recsTrainingNotice(outcome: RecsTrainingOutcome): TrainingNotice {
  const title = {
    activated: `Recommender v${outcome.version} trained and activated`,
    rejected: `Recommender v${outcome.version} trained, not activated`,
    "not-enough-data": "Recommender not trained: not enough data",
  }[outcome.status];
  return { title, body: `${outcome.reason}.`, link: "/admin/recs" };
}

export function climbFitNotice(outcome: NightlyOutcome): TrainingNotice {
  const link = "/admin/climb";
  if (outcome.status === "failed")
    return {
      title: "Climbing model fit failed",
      body: `${outcome.error}. The current model stays in use.`,
      link,
    };
  const fit = `${outcome.climbers} climbers, ${outcome.sessions} sessions; max R-hat ${outcome.maxRhat?.toFixed(3)} (needs < ${MAX_RHAT}), min ESS ${Math.round(outcome.minEss ?? 0)} (needs > ${MIN_ESS})`;
  return outcome.converged
    ? { title: "Climbing model fit converged and is in use", body: `${fit}.`, link }
    : {
        title: "Climbing model fit did not converge, not used",
        body: `${fit}. The previous population model stays in use.`,
        link,
      };
}

/** Tells every admin that `queue`'s job `jobId` finished; returns how many notices this call wrote. */
export function notifyTrainingFinished(
  queue: string,
  jobId: string,
  notice: TrainingNotice,
): Promise<number> {
  return notifyAdmins(db(), {
    kind: "training-finished",
    ...notice,
    dedupeKey: `training:${queue}:${jobId}`,
  });
}
