import { learnHabits, type LocalActivity } from "../../../ml/today/habits.ts";
import {
  rankPlan,
  type ModuleGoal,
  type RankReason,
  type RankedItem,
} from "../../../ml/today/plan-ranking.ts";
import type { PublicUser } from "../auth/users.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { activitySince, HABIT_WINDOW_DAYS, personTimezone } from "./activity.server.ts";
import { getGoals } from "./goals.server.ts";
import { localClock } from "./local-clock.ts";
import type { PlanItem } from "./plan-item.ts";
import {
  climbItems,
  learnItems,
  libraryItems,
  storyItems,
  typingItems,
  type SourceContext,
} from "./plan-sources.server.ts";
import { MODULE_LABELS, PLAN_MODULES, type PlanModule } from "./schemas.ts";

/** The shortest window habits are measured over: "2 of the last 2 days" says nothing yet. */
const MIN_WINDOW_DAYS = 7;

const SOURCES = {
  learn: learnItems,
  typing: typingItems,
  climb: climbItems,
  stories: storyItems,
  library: libraryItems,
};

/**
 * The Today plan: what each module proposes, ranked by the policy in ml/today/plan-ranking.ts with the
 * person's goals and the habits learned from their last four weeks. Computed on every request from live
 * data, so finishing something changes the plan at once. A module that fails is left out and named in
 * `unavailable`, never allowed to take the whole plan down.
 */
export async function todayPlan(user: PublicUser, now = new Date()) {
  const timezone = await personTimezone(user.id);
  const clock = localClock(now, timezone);
  const [activity, goals] = await Promise.all([
    activitySince(user.id, new Date(now.getTime() - HABIT_WINDOW_DAYS * 86_400_000), timezone),
    getGoals(user.id),
  ]);
  const local: LocalActivity[] = activity.map((e) => ({ module: e.module, ...localClock(e.at, timezone) }));
  const today = activity.filter((_, i) => local[i]!.day === clock.day);
  const minutesToday = new Map<string, number>();
  for (const e of today) minutesToday.set(e.module, (minutesToday.get(e.module) ?? 0) + e.minutes);

  const ctx: SourceContext = { user, now, timezone, today };
  const unavailable: PlanModule[] = [];
  const proposed = await Promise.all(
    PLAN_MODULES.map(async (m) => {
      try {
        return await SOURCES[m](ctx);
      } catch (error) {
        logger().error({ err: error, module: m, userId: user.id }, "a Today plan source failed");
        unavailable.push(m);
        return [];
      }
    }),
  );
  const goalMap = new Map<string, ModuleGoal>(
    PLAN_MODULES.filter((m) => goals[m] > 0).map((m) => [
      m,
      { dailyMinutes: goals[m], minutesToday: minutesToday.get(m) ?? 0 },
    ]),
  );
  // A person who started ten days ago and practised on all ten has a habit: the window is their history
  // when that is shorter than four weeks (but at least a week).
  const firstDay = local.reduce((min, a) => (a.day < min ? a.day : min), clock.day);
  const windowDays = Math.min(
    HABIT_WINDOW_DAYS,
    Math.max(MIN_WINDOW_DAYS, daysBetween(firstDay, clock.day) + 1),
  );
  const habits = learnHabits(local, windowDays);
  const { todo, done } = rankPlan(proposed.flat(), { hour: clock.hour, goals: goalMap, habits });
  const say = (r: RankedItem<PlanItem>) => itemJson(r, windowDays);
  return {
    generated_at: now.toISOString(),
    date: clock.day,
    timezone,
    local_hour: clock.hour,
    policy: "docs/decisions/020-today-plan.md",
    items: todo.map(say),
    done: done.map(say),
    goals: PLAN_MODULES.map((m) => ({
      module: m,
      label: MODULE_LABELS[m],
      daily_minutes: goals[m],
      minutes_today: minutesToday.get(m) ?? 0,
    })),
    habits: [...habits].map(([module, h]) => ({
      module,
      active_days: h.activeDays,
      window_days: windowDays,
      usual_hour: h.hourShare.indexOf(Math.max(...h.hourShare)),
    })),
    unavailable,
  };
}

export type TodayPlan = Awaited<ReturnType<typeof todayPlan>>;
export type TodayItem = TodayPlan["items"][number];

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function itemJson(r: RankedItem<PlanItem>, windowDays: number) {
  const c = r.candidate;
  return {
    id: c.id,
    module: c.module,
    kind: c.kind,
    title: c.title,
    detail: c.detail,
    urgency: c.urgency,
    minutes: c.minutes,
    action: c.action,
    score: Math.round(r.score * 1000) / 1000,
    why: [...c.why, ...r.reasons.flatMap((reason) => reasonText(reason, c.module, windowDays))],
  };
}

/** The ranking's reasons in words; urgency is already said by the module's own reason. */
function reasonText(reason: RankReason, module: string, windowDays: number): string[] {
  const label = MODULE_LABELS[module as PlanModule] ?? module;
  switch (reason.kind) {
    case "goal":
      return [`Your goal: ${reason.dailyMinutes} min of ${label} a day (${reason.minutesToday} done today)`];
    case "habit-days":
      return [`You practised ${label} on ${reason.activeDays} of the last ${windowDays} days`];
    case "habit-hour":
      return [`You usually do ${label} around this time`];
    default:
      return [];
  }
}
