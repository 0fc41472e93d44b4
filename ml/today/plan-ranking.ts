import { hourAffinity, type ModuleHabit } from "./habits.ts";

/**
 * The Today plan's ranking policy (docs/decisions/020-today-plan.md), pure so it can be tested on its own:
 *
 * 1. Tiers first: `due` (work that is due and grows if skipped: French reviews) and `at-risk` (a streak that
 *    ends tonight) come before everything else; inside the tier, at-risk before due.
 * 2. Then a score: the item's own value (0–1, from its module: how many words are due, how good a pick is),
 *    plus the person's goals (a module with a daily goal not yet met today, more the further from it), plus
 *    their habits (how regularly they use the module, and whether now is their usual time for it) once they
 *    have used it on at least three days.
 * 3. Done today sinks to the "done" list; the plan never hides what was done.
 *
 * Every term that lifts an item also adds a reason, so the plan can say why each item is where it is.
 */
export type Urgency = "at-risk" | "due" | "normal";

export interface PlanCandidate {
  id: string;
  module: string;
  urgency: Urgency;
  /** The module's own sense of how worthwhile this is today, 0–1. */
  value: number;
  doneToday: boolean;
}

export interface ModuleGoal {
  dailyMinutes: number;
  minutesToday: number;
}

export interface RankContext {
  /** The person's local hour now, 0–23. */
  hour: number;
  goals: ReadonlyMap<string, ModuleGoal>;
  habits: ReadonlyMap<string, ModuleHabit>;
}

export type RankReason =
  | { kind: "at-risk" }
  | { kind: "due" }
  | { kind: "goal"; dailyMinutes: number; minutesToday: number }
  | { kind: "habit-days"; activeDays: number; dayShare: number }
  | { kind: "habit-hour"; affinity: number };

export interface RankedItem<C extends PlanCandidate> {
  candidate: C;
  score: number;
  tier: 0 | 1 | 2;
  reasons: RankReason[];
}

export const WEIGHTS = {
  value: 1,
  goal: 1.5,
  habitDays: 0.6,
  habitHour: 0.4,
  /** Fewer active days than this is not a habit yet: neither habit term applies. */
  minHabitDays: 3,
  /** A module used on at least this share of recent days counts as a habit worth naming. */
  habitDaysThreshold: 0.3,
  /** Now is "their time" for a module when the hour is this many times likelier than average. */
  habitHourThreshold: 1.5,
} as const;

const TIER: Record<Urgency, 0 | 1 | 2> = { "at-risk": 0, due: 1, normal: 2 };

export function rankPlan<C extends PlanCandidate>(
  candidates: readonly C[],
  context: RankContext,
): { todo: RankedItem<C>[]; done: RankedItem<C>[] } {
  const ranked = candidates.map((candidate) => scoreCandidate(candidate, context));
  const order = (a: RankedItem<C>, b: RankedItem<C>) =>
    a.tier - b.tier || b.score - a.score || a.candidate.id.localeCompare(b.candidate.id);
  return {
    todo: ranked.filter((r) => !r.candidate.doneToday).sort(order),
    done: ranked.filter((r) => r.candidate.doneToday).sort(order),
  };
}

export function scoreCandidate<C extends PlanCandidate>(candidate: C, context: RankContext): RankedItem<C> {
  const reasons: RankReason[] = [];
  if (candidate.urgency !== "normal") reasons.push({ kind: candidate.urgency });
  let score = WEIGHTS.value * clamp01(candidate.value);

  const goal = context.goals.get(candidate.module);
  if (goal && goal.dailyMinutes > 0 && goal.minutesToday < goal.dailyMinutes) {
    score += WEIGHTS.goal * (1 - goal.minutesToday / goal.dailyMinutes);
    reasons.push({ kind: "goal", dailyMinutes: goal.dailyMinutes, minutesToday: goal.minutesToday });
  }

  const habit = context.habits.get(candidate.module);
  if (habit && habit.activeDays >= WEIGHTS.minHabitDays) {
    score += WEIGHTS.habitDays * habit.dayShare;
    if (habit.dayShare >= WEIGHTS.habitDaysThreshold)
      reasons.push({ kind: "habit-days", activeDays: habit.activeDays, dayShare: habit.dayShare });
    const affinity = hourAffinity(habit, context.hour);
    // Only above-average hours lift; an odd hour does not push a due item down.
    score += WEIGHTS.habitHour * Math.max(0, Math.min(3, affinity) - 1);
    if (affinity >= WEIGHTS.habitHourThreshold) reasons.push({ kind: "habit-hour", affinity });
  }
  return { candidate, score, tier: TIER[candidate.urgency], reasons };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}
