/**
 * Per-key and per-bigram timing and error statistics from one snippet's keystrokes, and keybr's smoothing:
 * an exponential moving average with alpha 0.1 per key, and confidence = target time / smoothed time.
 */
export interface Keystroke {
  /** What the typist pressed ("Backspace" for a correction). */
  key: string;
  /** The character expected at the caret. */
  expected: string;
  /** Milliseconds since the snippet started. */
  t: number;
  correct: boolean;
}

export interface GramObservation {
  gram: string;
  hits: number;
  misses: number;
  /** Inter-key times (ms) of correct presses of this gram. */
  times: number[];
}

export const EMA_ALPHA = 0.1;
/** keybr's default target: 175 characters per minute, i.e. about 343 ms per key. */
export const TARGET_MS_PER_KEY = 60_000 / 175;
// Pauses longer than this are the typist stopping (reading, thinking), not the key's cost.
const MAX_INTERVAL_MS = 2_000;

const normalise = (c: string) => (c.length === 1 ? c.toLowerCase() : c);

/**
 * Aggregates keystrokes into observations per expected key and per expected bigram. A key's time is the
 * interval since the previous keystroke; a miss is a wrong key pressed where it was expected.
 */
export function observeKeystrokes(keystrokes: readonly Keystroke[]): GramObservation[] {
  const byGram = new Map<string, GramObservation>();
  const get = (gram: string) => {
    let o = byGram.get(gram);
    if (!o) byGram.set(gram, (o = { gram, hits: 0, misses: 0, times: [] }));
    return o;
  };
  let previous: Keystroke | undefined;
  let lastCorrectExpected: string | undefined;
  for (const k of keystrokes) {
    if (k.key === "Backspace" || k.expected.length !== 1) {
      previous = k;
      continue;
    }
    const expected = normalise(k.expected);
    const keyObs = expected === " " ? undefined : get(expected);
    const interval = previous ? k.t - previous.t : undefined;
    const bigram = lastCorrectExpected && previous?.correct ? lastCorrectExpected + expected : undefined;
    if (k.correct) {
      if (keyObs) {
        keyObs.hits++;
        if (interval !== undefined && interval > 0 && interval <= MAX_INTERVAL_MS)
          keyObs.times.push(interval);
      }
      if (
        bigram &&
        !bigram.includes(" ") &&
        interval !== undefined &&
        interval > 0 &&
        interval <= MAX_INTERVAL_MS
      ) {
        const b = get(bigram);
        b.hits++;
        b.times.push(interval);
      }
      lastCorrectExpected = expected;
    } else {
      if (keyObs) keyObs.misses++;
      if (bigram && !bigram.includes(" ")) get(bigram).misses++;
      lastCorrectExpected = undefined;
    }
    previous = k;
  }
  return [...byGram.values()];
}

export interface GramStat {
  hits: number;
  misses: number;
  emaMs: number | null;
  bestMs: number | null;
  emaErrorRate: number;
}

/** Folds one snippet's observation of a gram into its running statistics (each sample updates the EMA). */
export function updateGramStat(previous: GramStat | undefined, obs: GramObservation): GramStat {
  let ema = previous?.emaMs ?? null;
  let best = previous?.bestMs ?? null;
  for (const t of obs.times) {
    ema = ema === null ? t : ema + EMA_ALPHA * (t - ema);
    best = best === null ? ema : Math.min(best, ema);
  }
  let errorRate = previous?.emaErrorRate ?? 0;
  for (let i = 0; i < obs.hits + obs.misses; i++) {
    const missed = i < obs.misses ? 1 : 0;
    errorRate += EMA_ALPHA * (missed - errorRate);
  }
  return {
    hits: (previous?.hits ?? 0) + obs.hits,
    misses: (previous?.misses ?? 0) + obs.misses,
    emaMs: ema,
    bestMs: best,
    emaErrorRate: errorRate,
  };
}

/** keybr's confidence: >= 1 means the key is at the target speed. Null until the key has timings. */
export function confidence(stat: Pick<GramStat, "emaMs">, targetMs = TARGET_MS_PER_KEY): number | null {
  return stat.emaMs ? targetMs / stat.emaMs : null;
}
