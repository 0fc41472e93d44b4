import { dayIndex } from "../../../ml/srs/revlog.ts";
import type { Facts, HistoryField } from "./rule-conditions.ts";
import { HARD_TYPES, type SessionType } from "./session-types.ts";

/** A completed session as the history facts need it. */
export interface PastSession {
  startedAt: Date;
  type: SessionType;
  durationMin: number;
  /** Session RPE, 1–10. */
  intensity: number;
}

/** Session load by Foster's session-RPE method: minutes × RPE. */
export const sessionLoad = (s: Pick<PastSession, "durationMin" | "intensity">) => s.durationMin * s.intensity;

/**
 * The history facts rules see, computed from completed sessions in the climber's time zone: consecutive hard
 * days up to today, counts and load over the last 7 days, days since the last session, and the acute:chronic
 * workload ratio (7-day load over the weekly average of the last 28 days; undefined until the climber has
 * four weeks of history, or without load).
 */
/** Session load (minutes × RPE) of the last 7 and 28 local days, today included. */
export function recentLoads(sessions: readonly PastSession[], now: Date, timeZone: string) {
  const options = { timeZone, nextDayStartsAt: 0 };
  const today = dayIndex(now.getTime(), options);
  let last7 = 0;
  let last28 = 0;
  for (const s of sessions) {
    if (s.type === "rest" || s.startedAt.getTime() > now.getTime()) continue;
    const age = today - dayIndex(s.startedAt.getTime(), options);
    if (age < 7) last7 += sessionLoad(s);
    if (age < 28) last28 += sessionLoad(s);
  }
  return { last7, last28 };
}

export function historyFacts(
  sessions: readonly PastSession[],
  now: Date,
  timeZone: string,
  baseline: { activeFingerInjury: boolean; experienceYears: number } | null,
): Pick<Facts, HistoryField> {
  const options = { timeZone, nextDayStartsAt: 0 };
  const today = dayIndex(now.getTime(), options);
  const days = sessions
    .filter((s) => s.type !== "rest" && s.startedAt.getTime() <= now.getTime())
    .map((s) => ({ ...s, day: dayIndex(s.startedAt.getTime(), options) }));
  const hardDays = new Set(days.filter((s) => HARD_TYPES.includes(s.type)).map((s) => s.day));
  // Count back from today if today already had a hard session, else from yesterday.
  let consecutive = 0;
  for (let d = hardDays.has(today) ? today : today - 1; hardDays.has(d); d--) consecutive++;
  const last7 = days.filter((s) => today - s.day < 7);
  const { last7: load7, last28: load28 } = recentLoads(sessions, now, timeZone);
  const lastDay = days.length ? Math.max(...days.map((s) => s.day)) : undefined;
  const facts: Pick<Facts, HistoryField> = {
    consecutive_hard_days: consecutive,
    hard_sessions_last_7_days: last7.filter((s) => HARD_TYPES.includes(s.type)).length,
    sessions_last_7_days: last7.length,
  };
  if (lastDay !== undefined) facts.days_since_last_session = Math.max(0, today - lastDay);
  // The chronic side needs four weeks of history: a new climber's first week would read as a 4x spike.
  const firstDay = days.length ? Math.min(...days.map((s) => s.day)) : today;
  if (load28 > 0 && today - firstDay >= 27)
    facts.acute_chronic_load_ratio = Math.round((load7 / (load28 / 4)) * 100) / 100;
  if (baseline) {
    facts.active_finger_injury = baseline.activeFingerInjury ? 1 : 0;
    facts.experience_years = baseline.experienceYears;
  }
  return facts;
}
