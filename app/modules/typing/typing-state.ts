/**
 * The typing zone's state machine, kept free of React so it can be unit-tested: each key press appends a
 * keystroke (with its time since the first press) and updates what has been typed at each position.
 * Scoring follows Monkeytype: WPM counts correctly typed characters / 5 per minute; accuracy is correct
 * presses over all presses (corrections do not erase a mistake from accuracy).
 */
import type { Keystroke } from "../../../ml/typing/key-stats.ts";

export type { Keystroke };

export interface TypingState {
  text: string;
  typed: string[];
  keystrokes: Keystroke[];
  startedAt: number | null;
  finishedAt: number | null;
}

export function initialTypingState(text: string): TypingState {
  return { text, typed: [], keystrokes: [], startedAt: null, finishedAt: null };
}

/** Applies one key press: a printable character or "Backspace". Other keys are ignored. */
export function pressKey(state: TypingState, key: string, now: number): TypingState {
  if (state.finishedAt !== null) return state;
  if (key !== "Backspace" && [...key].length !== 1) return state;
  const startedAt = state.startedAt ?? now;
  const t = Math.max(0, Math.round(now - startedAt));
  const position = state.typed.length;
  if (key === "Backspace") {
    if (position === 0) return state;
    return {
      ...state,
      startedAt,
      typed: state.typed.slice(0, -1),
      keystrokes: [...state.keystrokes, { key, expected: state.text[position - 1] ?? "", t, correct: false }],
    };
  }
  const expected = state.text[position] ?? "";
  const typed = [...state.typed, key];
  const done = typed.length >= state.text.length;
  return {
    ...state,
    startedAt,
    typed,
    keystrokes: [...state.keystrokes, { key, expected, t, correct: key === expected }],
    finishedAt: done ? now : null,
  };
}

export interface TypingStats {
  wpm: number;
  accuracy: number;
  elapsedMs: number;
  correctChars: number;
  errors: number;
}

export function typingStats(state: TypingState, now: number): TypingStats {
  const elapsedMs = state.startedAt === null ? 0 : (state.finishedAt ?? now) - state.startedAt;
  const correctChars = state.typed.filter((c, i) => c === state.text[i]).length;
  const presses = state.keystrokes.filter((k) => k.key !== "Backspace");
  const correctPresses = presses.filter((k) => k.correct).length;
  const minutes = elapsedMs / 60_000;
  return {
    wpm: minutes > 0 ? correctChars / 5 / minutes : 0,
    accuracy: presses.length ? correctPresses / presses.length : 1,
    elapsedMs,
    correctChars,
    errors: presses.length - correctPresses,
  };
}

/** The keys that took longest in this snippet (mean interval of correct presses), slowest first. */
export function slowestKeys(state: TypingState, limit = 3): { key: string; ms: number }[] {
  const sums = new Map<string, { total: number; n: number }>();
  for (let i = 1; i < state.keystrokes.length; i++) {
    const k = state.keystrokes[i]!;
    if (!k.correct || k.key === " " || k.key === "Backspace") continue;
    const dt = k.t - state.keystrokes[i - 1]!.t;
    if (dt <= 0 || dt > 2_000) continue;
    const key = k.key.toLowerCase();
    const s = sums.get(key) ?? { total: 0, n: 0 };
    s.total += dt;
    s.n++;
    sums.set(key, s);
  }
  return [...sums.entries()]
    .map(([key, s]) => ({ key, ms: s.total / s.n }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
}
