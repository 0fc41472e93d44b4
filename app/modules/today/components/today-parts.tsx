import { Form, Link } from "@remix-run/react";
import type { FeedDay } from "../activity.server";
import { MODULE_LABELS, type PlanModule } from "../schemas";
import type { TodayItem, TodayPlan } from "../today.server";

const MODULE_COLOURS: Record<PlanModule, string> = {
  learn: "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100",
  typing: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100",
  climb: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-100",
  library: "bg-violet-100 text-violet-900 dark:bg-violet-900/40 dark:text-violet-100",
  stories: "bg-rose-100 text-rose-900 dark:bg-rose-900/40 dark:text-rose-100",
};

export function ModuleBadge({ module }: { module: PlanModule }) {
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${MODULE_COLOURS[module]}`}>
      {MODULE_LABELS[module]}
    </span>
  );
}

const URGENCY_LABEL = { "at-risk": "Streak at risk", due: "Due today", normal: null } as const;

/** One item of the plan: what, why, and the one click that starts it. */
export function PlanItemCard({ item, rank, done }: { item: TodayItem; rank?: number; done?: boolean }) {
  const urgency = URGENCY_LABEL[item.urgency];
  return (
    <li
      data-testid="plan-item"
      data-kind={item.kind}
      data-module={item.module}
      className={`flex flex-col gap-3 rounded-lg border p-4 sm:flex-row sm:items-start ${
        done
          ? "border-slate-200 bg-slate-50 opacity-80 dark:border-slate-800 dark:bg-slate-900/50"
          : item.urgency !== "normal"
            ? "border-amber-400 bg-white dark:border-amber-600 dark:bg-slate-900"
            : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      }`}
    >
      {rank !== undefined ? (
        <span className="w-6 shrink-0 text-lg font-semibold text-slate-400" aria-hidden>
          {rank}
        </span>
      ) : (
        <span className="w-6 shrink-0 text-lg text-emerald-600" aria-label="Done">
          ✓
        </span>
      )}
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <ModuleBadge module={item.module} />
          {urgency && !done ? (
            <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">
              {urgency}
            </span>
          ) : null}
          {item.minutes ? <span className="text-xs text-slate-500">{item.minutes} min</span> : null}
        </div>
        <h3 className="font-semibold">{item.title}</h3>
        <p className="text-sm text-slate-700 dark:text-slate-300">{item.detail}</p>
        {item.why.length ? (
          <ul
            className="list-disc pl-5 text-xs text-slate-600 dark:text-slate-400"
            aria-label="Why it is here"
          >
            {item.why.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <Link
        to={item.action.href}
        className={`shrink-0 self-start rounded-md px-4 py-2 text-sm font-medium ${
          done
            ? "border border-slate-300 dark:border-slate-700"
            : "bg-brand-600 text-white hover:bg-brand-700"
        }`}
      >
        {item.action.label}
      </Link>
    </li>
  );
}

export function GoalsForm({
  goals,
  errors,
}: {
  goals: TodayPlan["goals"];
  errors?: Record<string, string[]>;
}) {
  return (
    <Form method="post" className="space-y-3" aria-label="Daily goals">
      <input type="hidden" name="intent" value="goals" />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {goals.map((g) => (
          <label key={g.module} className="space-y-1 text-sm">
            <span className="block font-medium">{g.label}</span>
            <input
              type="number"
              name={g.module}
              min={0}
              max={240}
              step={1}
              defaultValue={g.daily_minutes}
              aria-invalid={errors?.[g.module] ? true : undefined}
              className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
            />
            <span className="block text-xs text-slate-500">
              {g.daily_minutes ? `${g.minutes_today} of ${g.daily_minutes} min today` : "no goal"}
            </span>
            {errors?.[g.module] ? (
              <span className="block text-xs text-red-700 dark:text-red-400">
                {errors[g.module]!.join(". ")}
              </span>
            ) : null}
          </label>
        ))}
      </div>
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white">
        Save goals
      </button>
    </Form>
  );
}

const dayFormat = new Intl.DateTimeFormat("en", {
  weekday: "long",
  day: "numeric",
  month: "long",
  timeZone: "UTC",
});

export function ActivityFeed({ days }: { days: FeedDay[] }) {
  if (!days.length)
    return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing yet this week.</p>;
  return (
    <ol className="space-y-4" aria-label="Recent activity">
      {days.map((d) => (
        <li key={d.day}>
          <h3 className="text-sm font-semibold text-slate-700 dark:text-slate-300">
            {dayFormat.format(new Date(`${d.day}T00:00:00Z`))}
          </h3>
          <ul className="mt-1 space-y-1">
            {d.entries.slice(0, 12).map((e) => (
              <li key={`${e.module}-${e.at}-${e.summary}`} className="flex items-center gap-2 text-sm">
                <ModuleBadge module={e.module} />
                <Link to={e.href} className="hover:underline">
                  {e.summary}
                </Link>
                <span className="text-xs text-slate-500">{e.minutes} min</span>
              </li>
            ))}
            {d.entries.length > 12 ? (
              <li className="text-xs text-slate-500">and {d.entries.length - 12} more</li>
            ) : null}
          </ul>
        </li>
      ))}
    </ol>
  );
}
