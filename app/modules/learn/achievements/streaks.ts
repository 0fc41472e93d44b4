/**
 * Daily streaks from the learner's practice days (calendar dates in their time zone, "YYYY-MM-DD").
 * The current streak counts back from today, or from yesterday when today has no practice yet: a streak
 * is only lost once a whole day has passed without practice.
 */
export interface Streak {
  current: number;
  longest: number;
  practicedToday: boolean;
}

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

export function streaks(practiceDays: readonly string[], today: string): Streak {
  const days = [...new Set(practiceDays.map(dayNumber))].sort((a, b) => a - b);
  const t = dayNumber(today);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1]! + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  const set = new Set(days);
  const practicedToday = set.has(t);
  let current = 0;
  for (let d = practicedToday ? t : t - 1; set.has(d); d--) current++;
  return { current, longest, practicedToday };
}
