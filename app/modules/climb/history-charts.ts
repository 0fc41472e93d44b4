import { dayIndex } from "../../../ml/srs/revlog.ts";
import { sessionLoad } from "./history-facts.ts";

/**
 * Chart series for the history page, in the climber's zone: each rated session's quality (with the quality
 * predicted when it was planned, when it was), and load per week (Monday to Sunday) for the last `weeks`
 * weeks, empty weeks included so gaps show.
 */
export interface ChartSession {
  startedAt: Date;
  quality: number | null;
  durationMin: number;
  intensity: number;
  type: string;
  predicted: number | null;
}

const dayLabel = (day: number) =>
  new Date(day * 86_400_000).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

export function qualitySeries(sessions: readonly ChartSession[], timeZone: string) {
  return sessions
    .filter((s) => s.quality !== null)
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
    .map((s) => ({
      date: dayLabel(dayIndex(s.startedAt.getTime(), { timeZone, nextDayStartsAt: 0 })),
      quality: s.quality!,
      predicted: s.predicted,
    }));
}

export function weeklyLoad(sessions: readonly ChartSession[], timeZone: string, now: Date, weeks = 12) {
  const options = { timeZone, nextDayStartsAt: 0 };
  // Day 0 (1970-01-01) was a Thursday: (day + 3) % 7 is days since Monday.
  const monday = (day: number) => day - ((day + 3) % 7);
  const thisWeek = monday(dayIndex(now.getTime(), options));
  const buckets = Array.from({ length: weeks }, (_, i) => ({
    start: thisWeek - (weeks - 1 - i) * 7,
    load: 0,
    sessions: 0,
  }));
  for (const s of sessions) {
    if (s.type === "rest") continue;
    const b = buckets.find((x) => x.start === monday(dayIndex(s.startedAt.getTime(), options)));
    if (!b) continue;
    b.load += sessionLoad(s);
    b.sessions++;
  }
  return buckets.map((b) => ({ week: dayLabel(b.start), load: b.load, sessions: b.sessions }));
}
