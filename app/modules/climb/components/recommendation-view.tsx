import { Form } from "@remix-run/react";
import { Button, Card } from "~/components/ui/field";
import { READINESS_FIELDS, SESSION_TYPE_LABELS, type SessionType } from "../session-types";
import type { PhaseEvent } from "../recommendations.server";
import { PredictionChart } from "./climb-charts";

/** The coach's answer, phase by phase: whatever has arrived is shown; the rest says it is coming. */
type PhaseData<E extends PhaseEvent["event"]> = Extract<PhaseEvent, { event: E }>["data"];
export type Phases = { [E in PhaseEvent["event"]]?: PhaseData<E> };

const PHASE_TEXT = {
  cold_start: "Cold start: advice from population priors until you have 10 rated sessions",
  learning: "Learning: your coefficients are shrunk toward the population (10–30 sessions)",
  personalized: "Personalized: your own data dominates (30+ sessions)",
} as const;

const PHASE_ORDER = ["context_loaded", "prediction", "recommendations", "stats", "done"] as const;

export function PhaseProgress({ phases, streaming }: { phases: Phases; streaming: boolean }) {
  const ended = phases.done?.ended_early;
  return (
    <ol
      className="flex flex-wrap gap-2 text-xs"
      aria-label="Recommendation phases"
      data-testid="phase-progress"
    >
      {PHASE_ORDER.map((p) => {
        const arrived = p in phases;
        const skipped = ended && !arrived;
        return (
          <li
            key={p}
            data-phase={p}
            data-state={arrived ? "done" : skipped ? "skipped" : streaming ? "waiting" : "idle"}
            className={`rounded-full px-2 py-1 ${arrived ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" : "bg-slate-100 text-slate-500 dark:bg-slate-800"}`}
          >
            {arrived ? "✓ " : skipped ? "– " : "… "}
            {p.replace("_", " ")}
          </li>
        );
      })}
    </ol>
  );
}

export function RecommendationView({
  phases,
  readiness,
}: {
  phases: Phases;
  readiness: Record<string, unknown>;
}) {
  const rec = phases.recommendations?.recommendation;
  return (
    <div className="space-y-4" data-testid="recommendation">
      {phases.override ? (
        <Card title="A coach rule decided today">
          <p className="text-lg font-semibold" data-testid="override">
            {SESSION_TYPE_LABELS[phases.override.session_type as SessionType] ?? phases.override.session_type}
          </p>
          <p className="mt-1">{phases.override.message}</p>
          <p className="mt-2 text-xs text-slate-500">
            Rule: {phases.override.rule.name} (checked before the model)
          </p>
        </Card>
      ) : null}
      {phases.prediction ? (
        <Card title="Predicted session quality">
          <p className="mb-2 text-sm" data-testid="model-phase">
            <span className="font-semibold">{PHASE_TEXT[phases.prediction.phase]}</span> ·{" "}
            {phases.prediction.sessions_included} sessions in your model · source:{" "}
            {phases.prediction.model_source}
          </p>
          <PredictionChart predictions={phases.prediction.predictions} />
          <table className="mt-3 w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th>Session</th>
                <th>Predicted</th>
                <th>90% interval</th>
                <th>P(best)</th>
              </tr>
            </thead>
            <tbody>
              {phases.prediction.predictions.map((p) => (
                <tr key={p.session_type} className={p.excluded_by ? "text-slate-400 line-through" : ""}>
                  <td>{SESSION_TYPE_LABELS[p.session_type as SessionType]}</td>
                  <td>{p.predicted_quality.toFixed(1)}</td>
                  <td>
                    {p.interval.lower.toFixed(1)}–{p.interval.upper.toFixed(1)}
                  </td>
                  <td>
                    {p.excluded_by
                      ? `ruled out (${p.excluded_by})`
                      : `${Math.round(p.probability_best * 100)}%`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
      {rec ? (
        <Card title="Recommended today">
          <p className="text-xl font-semibold" data-testid="recommended-type">
            {rec.label}
          </p>
          {rec.predicted_quality !== null ? (
            <p className="text-sm">
              Predicted quality {rec.predicted_quality.toFixed(1)}/10 ({rec.interval!.lower.toFixed(1)}–
              {rec.interval!.upper.toFixed(1)}) · {rec.duration_min} min · RPE {rec.intensity}
            </p>
          ) : null}
          <ul className="mt-2 list-disc pl-5 text-sm">
            {rec.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          {phases.recommendations!.constraints.length ? (
            <ul
              className="mt-2 space-y-1 text-sm text-amber-800 dark:text-amber-300"
              data-testid="constraints"
            >
              {phases.recommendations!.constraints.map((c) => (
                <li key={c.rule.name}>
                  ⚠ {c.rule.name}: {c.message}
                </li>
              ))}
            </ul>
          ) : null}
          <h3 className="mt-3 text-sm font-semibold">Session</h3>
          <ul className="text-sm">
            {rec.exercises.map((e) => (
              <li key={e.name}>
                {e.name}
                {e.sets ? ` · ${e.sets} sets` : ""}
                {e.reps ? ` · ${e.reps} reps` : ""}
                {e.grade ? ` · ${e.grade}` : ""}
                {e.notes ? ` · ${e.notes}` : ""}
              </li>
            ))}
          </ul>
          {rec.session_type !== "rest" ? (
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="plan" />
              <input type="hidden" name="session_type" value={rec.session_type} />
              <input type="hidden" name="planned_duration_min" value={rec.duration_min} />
              <input type="hidden" name="planned_intensity" value={rec.intensity} />
              <input type="hidden" name="planned_exercises" value={JSON.stringify(rec.exercises)} />
              <input type="hidden" name="predicted_quality" value={rec.predicted_quality ?? ""} />
              <input type="hidden" name="phase" value={phases.prediction?.phase ?? "cold_start"} />
              {READINESS_FIELDS.map((k) =>
                readiness[k] === undefined || readiness[k] === "" ? null : (
                  <input key={k} type="hidden" name={k} value={String(readiness[k])} />
                ),
              )}
              <Button type="submit">Plan this session</Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
      {phases.stats ? <StatsCard stats={phases.stats} /> : null}
    </div>
  );
}

function StatsCard({ stats }: { stats: NonNullable<Phases["stats"]> }) {
  const q = stats.quality_30d;
  return (
    <Card title="Where you stand">
      <dl className="grid gap-3 text-sm sm:grid-cols-2" data-testid="stats">
        <div>
          <dt className="text-slate-500">Mean quality, last 30 days</dt>
          <dd>
            {q.mean === null
              ? "No rated sessions yet"
              : `${q.mean.toFixed(1)}/10 over ${q.sessions} sessions`}
            {q.percentile !== null
              ? ` · ${q.percentile}th percentile of ${q.population_climbers} climbers`
              : ""}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Trend, last 30 days ({stats.trend.sessions} sessions)</dt>
          <dd>
            {stats.trend.points_per_week === null
              ? "Needs 3 rated sessions"
              : `${stats.trend.points_per_week >= 0 ? "+" : ""}${stats.trend.points_per_week.toFixed(2)} points/week`}
            {stats.trend.population_median !== null
              ? ` (population median ${stats.trend.population_median.toFixed(2)})`
              : ""}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Readiness today</dt>
          <dd>
            {stats.readiness_today.score >= 0 ? "+" : ""}
            {stats.readiness_today.score.toFixed(1)} quality points vs a typical day
            {stats.readiness_today.percentile_vs_own_history !== null
              ? ` · better than ${stats.readiness_today.percentile_vs_own_history}% of your ${stats.readiness_today.sessions_compared} sessions`
              : ""}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Load (minutes × RPE)</dt>
          <dd>
            {stats.load.last_7_days} this week vs {stats.load.weekly_average_28_days} a week over 28 days
            {stats.load.acute_chronic_ratio !== null
              ? ` · ACWR ${stats.load.acute_chronic_ratio.toFixed(2)}`
              : ""}
          </dd>
        </div>
      </dl>
    </Card>
  );
}
