/**
 * Review logs as the evaluation and the optimiser read them: one card's reviews in time order, each with
 * the number of days since the previous one. Days are counted as Anki counts them, by calendar day in the
 * learner's time zone with the day starting at `nextDayStartsAt` o'clock, so two reviews the same evening
 * are 0 days apart and a review at 23:00 then 09:00 are 1 day apart.
 */
export type Button = 1 | 2 | 3 | 4;

export interface RevlogEntry {
  cardId: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** 1 Again, 2 Hard, 3 Good, 4 Easy. */
  rating: Button;
}

export interface CardReview {
  time: number;
  rating: Button;
  /** Days since the card's previous review (0 for the first, and for a same-day repeat). */
  deltaT: number;
}

export interface CardHistory {
  cardId: string;
  reviews: CardReview[];
}

export interface DayOptions {
  timeZone: string;
  /** The hour (0-23) at which a new day starts; Anki's default is 4. */
  nextDayStartsAt: number;
}

export const DEFAULT_DAY_OPTIONS: DayOptions = { timeZone: "UTC", nextDayStartsAt: 4 };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes to add to UTC for local time in `timeZone` at instant `ms`. */
export function utcOffsetMinutes(ms: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
  return Math.round((local - (ms - (ms % 60_000))) / 60_000);
}

/** The learner's day number for an instant (days since 1970-01-01 local, shifted by the day start hour). */
export function dayIndex(ms: number, options: DayOptions = DEFAULT_DAY_OPTIONS): number {
  const localMs = ms + utcOffsetMinutes(ms, options.timeZone) * 60_000;
  return Math.floor((localMs - options.nextDayStartsAt * 3_600_000) / 86_400_000);
}

/** Groups a log into per-card histories in time order, with day gaps. Cards keep first-seen order. */
export function cardHistories(entries: readonly RevlogEntry[], options = DEFAULT_DAY_OPTIONS): CardHistory[] {
  const byCard = new Map<string, RevlogEntry[]>();
  for (const e of entries) {
    const list = byCard.get(e.cardId);
    if (list) list.push(e);
    else byCard.set(e.cardId, [e]);
  }
  const histories: CardHistory[] = [];
  for (const [cardId, list] of byCard) {
    list.sort((a, b) => a.time - b.time);
    let prevDay = 0;
    const reviews = list.map((e, i) => {
      const day = dayIndex(e.time, options);
      const deltaT = i === 0 ? 0 : day - prevDay;
      prevDay = day;
      return { time: e.time, rating: e.rating, deltaT };
    });
    histories.push({ cardId, reviews });
  }
  return histories;
}

/**
 * The time before which reviews train and from which they are held out: the time of the review at
 * `trainFraction` of all reviews in time order. Everything at or after it is the most recent part.
 */
export function timeCutoff(histories: readonly CardHistory[], trainFraction: number): number {
  const times = histories.flatMap((h) => h.reviews.map((r) => r.time)).sort((a, b) => a - b);
  if (times.length === 0) return 0;
  return times[Math.min(times.length - 1, Math.floor(times.length * trainFraction))]!;
}
