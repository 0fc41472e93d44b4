import { fsrs, generatorParameters, type FSRSState } from "ts-fsrs";
import type { Prediction } from "./metrics.ts";
import type { CardHistory } from "./revlog.ts";

/**
 * Memory models replayed over review histories. Each walks a card's reviews in order, predicts recall
 * before every long-term review (at least a day since the previous one, as srs-benchmark scores), then
 * updates its state with the rating given. Same-day repeats update the state but are not scored.
 * Only reviews at or after `scoreFrom` (ms) are scored, so a model can be judged on held-out recent
 * reviews while still seeing each card's whole earlier history.
 */
export type Predictor = (histories: readonly CardHistory[], scoreFrom?: number) => Prediction[];

interface Step {
  deltaT: number;
  rating: number;
  time: number;
  reviewNumber: number;
  lapses: number;
}

/** Calls `visit` for each review after the first, with long-term lapse counts so far. */
function walk(history: CardHistory, visit: (s: Step) => void): void {
  let lapses = 0;
  history.reviews.forEach((r, i) => {
    if (i > 0) visit({ deltaT: r.deltaT, rating: r.rating, time: r.time, reviewNumber: i + 1, lapses });
    if (i > 0 && r.deltaT > 0 && r.rating === 1) lapses++;
  });
}

function push(out: Prediction[], s: Step, p: number, scoreFrom: number): void {
  if (s.deltaT > 0 && s.time >= scoreFrom)
    out.push({
      p,
      y: s.rating > 1 ? 1 : 0,
      deltaT: s.deltaT,
      reviewNumber: s.reviewNumber,
      lapses: s.lapses,
    });
}

/** FSRS-6 with the given 21 weights (ts-fsrs's memory model, short-term stability on). */
export function fsrsPredictor(weights: readonly number[]): Predictor {
  const model = fsrs(generatorParameters({ w: [...weights], enable_short_term: true }));
  return (histories, scoreFrom = -Infinity) => {
    const out: Prediction[] = [];
    for (const h of histories) {
      const first = h.reviews[0];
      if (!first) continue;
      let state: FSRSState = model.next_state(null, 0, first.rating);
      walk(h, (s) => {
        push(out, s, model.forgetting_curve(s.deltaT, state.stability), scoreFrom);
        state = model.next_state(state, s.deltaT, s.rating);
      });
    }
    return out;
  };
}

/**
 * SuperMemo-2 (Wozniak 1990) as srs-benchmark runs it: buttons map to quality 0/3/4/5, the interval
 * follows 1, 6, then interval × ease; recall is predicted as 0.9^(t / interval), taking SM-2's interval
 * as the time at which it expects 90% recall.
 */
export const sm2Predictor: Predictor = (histories, scoreFrom = -Infinity) => {
  const quality = [0, 0, 3, 4, 5];
  const out: Prediction[] = [];
  for (const h of histories) {
    let ease = 2.5;
    let n = 0;
    let interval = 1;
    const update = (rating: number) => {
      const q = quality[rating]!;
      if (q < 3) {
        n = 0;
        interval = 1;
      } else {
        interval = n === 0 ? 1 : n === 1 ? 6 : Math.max(1, Math.round(interval * ease));
        n++;
      }
      ease = Math.max(1.3, ease + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)));
    };
    const first = h.reviews[0];
    if (!first) continue;
    update(first.rating);
    walk(h, (s) => {
      push(out, s, 0.9 ** (s.deltaT / interval), scoreFrom);
      update(s.rating);
    });
  }
  return out;
};

/** Predicts the same recall for every review (srs-benchmark's "constant average" baseline). */
export function constantPredictor(p: number): Predictor {
  return (histories, scoreFrom = -Infinity) => {
    const out: Prediction[] = [];
    for (const h of histories) walk(h, (s) => push(out, s, p, scoreFrom));
    return out;
  };
}

/** The recall rate over long-term reviews before `before` (ms): the constant baseline's one parameter. */
export function recallRate(histories: readonly CardHistory[], before = Infinity): number {
  let recalled = 0;
  let n = 0;
  for (const h of histories)
    walk(h, (s) => {
      if (s.deltaT > 0 && s.time < before) {
        n++;
        if (s.rating > 1) recalled++;
      }
    });
  return n ? recalled / n : 0.9;
}
