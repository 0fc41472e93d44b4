import {
  createEmptyCard,
  fsrs,
  generatorParameters,
  Rating,
  State,
  type Card,
  type FSRS,
  type Grade,
} from "ts-fsrs";

/**
 * FSRS scheduling through ts-fsrs, in the shapes the learn module stores. The API speaks the seed's ratings
 * 0-3 (Again, Hard, Good, Easy); ts-fsrs numbers them 1-4.
 */
export type ApiRating = 0 | 1 | 2 | 3;
export const RATING_NAMES = ["again", "hard", "good", "easy"] as const;

export function toGrade(rating: ApiRating): Grade {
  return (rating + 1) as Grade;
}

export interface StoredCard {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: Date | null;
}

export function toFsrsCard(c: StoredCard): Card {
  return {
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsedDays,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state as State,
    last_review: c.lastReview ?? undefined,
  };
}

export function fromFsrsCard(c: Card): StoredCard {
  return {
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ?? null,
  };
}

export function newCard(now: Date): StoredCard {
  return fromFsrsCard(createEmptyCard(now));
}

/** A scheduler for one learner: their weights (or the FSRS-6 defaults) and desired retention. */
export function schedulerFor(weights: readonly number[] | null, retention: number): FSRS {
  return fsrs(
    generatorParameters({
      request_retention: retention,
      ...(weights ? { w: [...weights] } : {}),
      // Fuzz spreads reviews of words learnt together over nearby days, as Anki does.
      enable_fuzz: true,
      enable_short_term: true,
    }),
  );
}

export function review(scheduler: FSRS, card: StoredCard, now: Date, rating: ApiRating): StoredCard {
  return fromFsrsCard(scheduler.next(toFsrsCard(card), now, toGrade(rating)).card);
}

/** When each rating would bring the card back: what the review screen shows on its buttons. */
export function previewDue(
  scheduler: FSRS,
  card: StoredCard,
  now: Date,
): Record<(typeof RATING_NAMES)[number], Date> {
  const preview = scheduler.repeat(toFsrsCard(card), now);
  return {
    again: preview[Rating.Again].card.due,
    hard: preview[Rating.Hard].card.due,
    good: preview[Rating.Good].card.due,
    easy: preview[Rating.Easy].card.due,
  };
}

/** Probability of recall now (null for a card never reviewed). */
export function retrievability(scheduler: FSRS, card: StoredCard, now: Date): number | null {
  if (card.state === State.New) return null;
  return scheduler.get_retrievability(toFsrsCard(card), now, false);
}

export const STATE_NAMES = ["new", "learning", "review", "relearning"] as const;

/** "in 10 minutes", "in 3 days": a compact interval label for a button. */
export function intervalLabel(from: Date, to: Date): string {
  const minutes = Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(hours / 24);
  if (days < 31) return `${days}d`;
  const months = days / 30.4;
  if (months < 12) return `${months.toFixed(months < 10 ? 1 : 0)}mo`;
  return `${(days / 365).toFixed(1)}y`;
}
