import { default_w, fsrs, generatorParameters, type FSRS, type FSRSState } from "ts-fsrs";
import { createRandom, type Random } from "../random.ts";
import type { Button, RevlogEntry } from "./revlog.ts";

/**
 * Learners with a known memory: each has true FSRS-6 weights (the defaults, perturbed per learner), and
 * recall at each review is drawn from what those weights predict. They study as Praxis schedules them
 * before any optimisation (default weights, 90% retention), sometimes late, so the log holds a spread of
 * intervals. Because the truth is known, an evaluation can check that optimising recovers it.
 */
export interface SimulationOptions {
  seed: number;
  days: number;
  newPerDay: number;
  /** How far the learner's memory is from the FSRS defaults: 0 is the defaults exactly. */
  spread?: number;
  /** Probability that a due review is done late (by up to one and a half times its interval). */
  lateRate?: number;
  /** When the first day starts (ms); reviews happen from 09:00 UTC on each day. */
  start?: number;
}

export interface SimulatedLearner {
  trueWeights: number[];
  revlog: RevlogEntry[];
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5, 9, 0);

function perturbedWeights(r: Random, spread: number): number[] {
  const w = [...default_w];
  const scale = (i: number, sd: number) => (w[i] = w[i]! * Math.exp(r.normal() * sd * spread));
  // Initial stabilities (how well a first exposure sticks), stability growth, and forgetting-curve decay.
  for (const i of [0, 1, 2, 3]) scale(i, 0.6);
  scale(8, 0.3);
  scale(11, 0.3);
  w[20] = Math.min(0.8, Math.max(0.1, w[20]! * Math.exp(r.normal() * 0.5 * spread + 0.6 * spread)));
  // ts-fsrs clamps each weight to its valid range; read back what the model will really use.
  return [...fsrs(generatorParameters({ w })).parameters.w];
}

interface SimCard {
  id: string;
  truth: FSRSState;
  sched: FSRSState;
  lastDay: number;
  dueDay: number;
}

export function simulateLearner(options: SimulationOptions): SimulatedLearner {
  const r = createRandom(options.seed);
  const trueWeights = perturbedWeights(r, options.spread ?? 1);
  const truth = fsrs(generatorParameters({ w: trueWeights, enable_short_term: true }));
  const app: FSRS = fsrs(generatorParameters({ request_retention: 0.9, enable_short_term: true }));
  const lateRate = options.lateRate ?? 0.3;
  const revlog: RevlogEntry[] = [];
  const cards: SimCard[] = [];

  const firstRating = (): Button => {
    const u = r.next();
    return u < 0.3 ? 1 : u < 0.4 ? 2 : u < 0.9 ? 3 : 4;
  };
  const recalledRating = (): Button => {
    const u = r.next();
    return u < 0.12 ? 2 : u < 0.9 ? 3 : 4;
  };

  for (let day = 0; day < options.days; day++) {
    let clock = (options.start ?? START) + day * DAY;
    const log = (card: SimCard, rating: Button) => {
      revlog.push({ cardId: card.id, time: clock, rating });
      clock += 20_000;
    };
    /** After Again, an Anki-style learning step repeats the card later that day; it is recalled then. */
    const sameDayRepeat = (card: SimCard) => {
      clock += 600_000;
      log(card, 3);
      card.truth = truth.next_state(card.truth, 0, 3);
      card.sched = app.next_state(card.sched, 0, 3);
    };
    const schedule = (card: SimCard) => {
      let interval: number = app.next_interval(card.sched.stability, 0);
      if (r.next() < lateRate) interval += 1 + r.int(Math.max(1, Math.ceil(interval * 1.5)));
      card.lastDay = day;
      card.dueDay = day + interval;
    };

    const due = r.shuffle(cards.filter((c) => c.dueDay <= day));
    for (const card of due) {
      const t = day - card.lastDay;
      const recalled = r.next() < truth.forgetting_curve(t, card.truth.stability);
      const rating = recalled ? recalledRating() : 1;
      log(card, rating);
      card.truth = truth.next_state(card.truth, t, rating);
      card.sched = app.next_state(card.sched, t, rating);
      if (rating === 1) sameDayRepeat(card);
      schedule(card);
    }
    for (let k = 0; k < options.newPerDay; k++) {
      const rating = firstRating();
      const card: SimCard = {
        id: `c${cards.length + 1}`,
        truth: truth.next_state(null, 0, rating),
        sched: app.next_state(null, 0, rating),
        lastDay: day,
        dueDay: day,
      };
      cards.push(card);
      log(card, rating);
      if (rating === 1) sameDayRepeat(card);
      schedule(card);
    }
  }
  return { trueWeights, revlog };
}
