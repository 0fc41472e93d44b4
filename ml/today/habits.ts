/**
 * When a person practises each module, learned from their activity times: how many of the last days they
 * used it, and how their practice spreads over the hours of their day. Pure: the caller supplies activity
 * already converted to the person's local day and hour.
 */
export interface LocalActivity {
  module: string;
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  /** Local hour, 0–23. */
  hour: number;
}

export interface ModuleHabit {
  /** Share of the window's days with any activity in the module (0–1). */
  dayShare: number;
  /** Days in the window with activity. */
  activeDays: number;
  /**
   * Probability that a practice of this module falls in each local hour, smoothed (a small uniform prior and
   * ±1 hour spread, because a habit at 7:00 says something about 6:00 and 8:00).
   */
  hourShare: number[];
}

const HOURS = 24;
/** Pseudo-count of the uniform prior over hours: few observations barely move a new user off uniform. */
const HOUR_PRIOR = 6;

export function learnHabits(
  activity: readonly LocalActivity[],
  windowDays: number,
): Map<string, ModuleHabit> {
  const byModule = new Map<string, { days: Set<string>; hours: number[] }>();
  for (const a of activity) {
    let m = byModule.get(a.module);
    if (!m) byModule.set(a.module, (m = { days: new Set(), hours: new Array<number>(HOURS).fill(0) }));
    m.days.add(a.day);
    // Spread each observation over its hour and the neighbours (circular).
    const add = (hour: number, weight: number) => (m.hours[hour] = (m.hours[hour] ?? 0) + weight);
    add(a.hour, 0.5);
    add((a.hour + 1) % HOURS, 0.25);
    add((a.hour + HOURS - 1) % HOURS, 0.25);
  }
  const habits = new Map<string, ModuleHabit>();
  for (const [module, m] of byModule) {
    const total = m.hours.reduce((s, x) => s + x, 0) + HOUR_PRIOR;
    habits.set(module, {
      activeDays: m.days.size,
      dayShare: Math.min(1, m.days.size / windowDays),
      hourShare: m.hours.map((x) => (x + HOUR_PRIOR / HOURS) / total),
    });
  }
  return habits;
}

/**
 * How much this hour and the next two are "their time" for the module, relative to a uniform spread:
 * 1 is uniform, 3 means three times as likely as an average hour. 1 for a module with no history.
 */
export function hourAffinity(habit: ModuleHabit | undefined, hour: number): number {
  if (!habit) return 1;
  const window = [0, 1, 2].map((d) => habit.hourShare[(hour + d) % HOURS]!);
  return (window.reduce((s, x) => s + x, 0) / window.length) * HOURS;
}
