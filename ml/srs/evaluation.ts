import { default_w } from "ts-fsrs";
import { score, type Scores } from "./metrics.ts";
import { fitWeights, trainingItems } from "./optimizer.ts";
import { constantPredictor, fsrsPredictor, recallRate, sm2Predictor, type Predictor } from "./predictors.ts";
import { timeCutoff, type CardHistory } from "./revlog.ts";

/**
 * One learner's log split in time: the earliest `trainFraction` of reviews train, the most recent rest
 * are scored. Every model sees each card's whole history when it predicts (that is the input a scheduler
 * has); only what is fitted (FSRS weights, the constant's rate) is learnt from the training part alone.
 */
export interface Evaluation {
  cutoff: number;
  trainItems: number;
  rows: { model: string; scores: Scores }[];
  fittedWeights: number[] | null;
}

export const MIN_TRAIN_ITEMS = 50;
export const MIN_TEST_REVIEWS = 20;

export async function evaluateModels(
  histories: readonly CardHistory[],
  options: { trainFraction?: number; extra?: Record<string, readonly number[]> } = {},
): Promise<Evaluation> {
  const cutoff = timeCutoff(histories, options.trainFraction ?? 0.8);
  const trainItems = trainingItems(histories, cutoff).length;
  const fittedWeights = trainItems > 0 ? await fitWeights(histories, cutoff) : null;
  const models: (readonly [string, Predictor])[] = [
    ...(fittedWeights ? [["FSRS-6 optimised", fsrsPredictor(fittedWeights)] as const] : []),
    ["FSRS-6 default", fsrsPredictor(default_w)],
    ...Object.entries(options.extra ?? {}).map(([name, w]) => [name, fsrsPredictor(w)] as const),
    ["constant (train recall rate)", constantPredictor(recallRate(histories, cutoff))],
    ["SM-2", sm2Predictor],
  ];
  return {
    cutoff,
    trainItems,
    fittedWeights,
    rows: models.map(([model, predict]) => ({ model, scores: score(predict(histories, cutoff)) })),
  };
}
