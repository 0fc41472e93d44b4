import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Button, Card, Field } from "~/components/ui/field";
import { SessionTypeSelect } from "~/modules/climb/components/session-type-select";
import { requireUser } from "~/lib/auth.server";
import { isTimeZone } from "~/lib/time-zones";
import { getBaseline } from "~/modules/climb/baseline.server";
import { ClimbError } from "~/modules/climb/climb-errors.server";
import { LoadChart, QualityChart } from "~/modules/climb/components/climb-charts";
import { ReadinessFields } from "~/modules/climb/components/readiness-fields";
import {
  exercisesFromText,
  formRecord,
  issuesToFieldErrors,
  isoToLocalDateTime,
  localDateTimeToIso,
  numberOrRaw,
  readinessFromForm,
} from "~/modules/climb/form-values";
import { qualitySeries, weeklyLoad } from "~/modules/climb/history-charts";
import { sessionCreateSchema } from "~/modules/climb/schemas";
import { SESSION_TYPE_LABELS, type SessionType } from "~/modules/climb/session-types";
import { createSession, listSessions } from "~/modules/climb/sessions.server";

export const meta: MetaFunction = () => [{ title: "Climbing sessions · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [baseline, sessions] = await Promise.all([getBaseline(user.id), listSessions(user.id, 500)]);
  const timeZone = baseline?.timezone ?? "UTC";
  const chart = sessions
    .filter((s) => s.status === "completed")
    .map((s) => ({
      startedAt: s.startedAt,
      quality: s.sessionQuality,
      durationMin: s.actualDurationMin ?? s.plannedDurationMin,
      intensity: s.actualIntensity ?? s.plannedIntensity,
      type: s.actualSessionType ?? s.sessionType,
      predicted:
        (s.recommendation as { predicted_quality?: number | null } | null)?.predicted_quality ?? null,
    }));
  return {
    timeZone,
    hasBaseline: baseline !== null,
    now: isoToLocalDateTime(new Date(), timeZone),
    quality: qualitySeries(chart, timeZone),
    load: weeklyLoad(chart, timeZone, new Date()),
    sessions: sessions.slice(0, 100).map((s) => ({
      id: s.id,
      status: s.status,
      type: (s.actualSessionType ?? s.sessionType) as SessionType,
      startedAt: isoToLocalDateTime(s.startedAt, timeZone).replace("T", " "),
      duration: s.actualDurationMin ?? s.plannedDurationMin,
      intensity: s.actualIntensity ?? s.plannedIntensity,
      quality: s.sessionQuality,
      deviated: s.deviatedFromPlan,
    })),
  };
}

/** Logs a finished session in one step (plan = what happened unless the climber says otherwise). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const f = await formRecord(request);
  // Without a baseline the form says which zone its local times are in (the browser's); checked, not trusted.
  const timeZone =
    (await getBaseline(user.id))?.timezone ?? (f.timezone && isTimeZone(f.timezone) ? f.timezone : "UTC");
  const duration = numberOrRaw(f.duration_min);
  const startedAt = localDateTimeToIso(f.started_at, timeZone);
  const endedAt =
    startedAt && typeof duration === "number" && !Number.isNaN(Date.parse(startedAt))
      ? new Date(Date.parse(startedAt) + duration * 60_000).toISOString()
      : undefined;
  const parsed = sessionCreateSchema.safeParse({
    ...readinessFromForm(f),
    session_type: f.session_type,
    planned_duration_min: duration,
    planned_intensity: numberOrRaw(f.intensity),
    planned_exercises: exercisesFromText(f.exercises),
    started_at: startedAt,
    ended_at: endedAt,
    actual_intensity: numberOrRaw(f.intensity),
    session_quality: numberOrRaw(f.session_quality) ?? "",
    notes: f.notes || undefined,
  });
  if (!parsed.success) {
    const errors = issuesToFieldErrors(parsed.error.issues);
    errors.duration_min = [...(errors.planned_duration_min ?? []), ...(errors.ended_at ?? [])];
    errors.intensity = errors.planned_intensity ?? errors.actual_intensity ?? [];
    return data({ errors, values: f }, { status: 400 });
  }
  try {
    await createSession(user.id, parsed.data);
  } catch (error) {
    if (!(error instanceof ClimbError)) throw error;
    return data(
      { errors: { duration_min: error.errors.map((e) => e.message) }, values: f },
      { status: error.status },
    );
  }
  return redirect("/climb/sessions?logged=1");
}

export default function ClimbSessions() {
  const { sessions, quality, load, now, hasBaseline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string[] | undefined> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const [timezone, setTimezone] = useState("UTC");
  const [defaultStart, setDefaultStart] = useState(now);
  useEffect(() => {
    if (hasBaseline) return;
    // No baseline zone: times are the browser's, so the default start is the browser's "now" too.
    setTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
    const local = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000);
    setDefaultStart(local.toISOString().slice(0, 16));
  }, [hasBaseline]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold">Climbing sessions</h1>
        <Link to="/climb" className="text-sm underline">
          ← Coach
        </Link>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Session quality over time">
          {quality.length ? (
            <QualityChart points={quality} />
          ) : (
            <p className="text-sm">Log a rated session to see your quality over time.</p>
          )}
        </Card>
        <Card title="Load per week (last 12 weeks)">
          <LoadChart weeks={load} />
        </Card>
      </div>
      <Card title="Log a session you did">
        <Form method="post" className="space-y-4" noValidate>
          {!hasBaseline ? <input type="hidden" name="timezone" value={timezone} /> : null}
          <div className="grid gap-4 sm:grid-cols-3">
            <SessionTypeSelect
              id="log-type"
              name="session_type"
              label="Session type"
              defaultValue={values.session_type ?? "volume"}
              errors={errors.session_type}
            />
            <Field
              label="Started"
              name="started_at"
              type="datetime-local"
              key={defaultStart}
              defaultValue={values.started_at ?? defaultStart}
              errors={errors.started_at}
            />
            <Field
              label="Duration (minutes)"
              name="duration_min"
              type="number"
              min={5}
              max={600}
              defaultValue={values.duration_min ?? "90"}
              errors={errors.duration_min?.length ? errors.duration_min : undefined}
            />
            <Field
              label="Intensity (RPE 1–10)"
              name="intensity"
              type="number"
              min={1}
              max={10}
              defaultValue={values.intensity ?? "7"}
              errors={errors.intensity?.length ? errors.intensity : undefined}
            />
            <Field
              label="Session quality (1–10)"
              name="session_quality"
              type="number"
              min={1}
              max={10}
              defaultValue={values.session_quality ?? ""}
              errors={errors.session_quality}
            />
          </div>
          <h3 className="text-sm font-semibold">Readiness before the session</h3>
          <ReadinessFields values={values} errors={errors} />
          <div className="space-y-1">
            <label htmlFor="log-exercises" className="block text-sm font-medium">
              Exercises (one per line, "name | notes")
            </label>
            <textarea
              id="log-exercises"
              name="exercises"
              rows={3}
              defaultValue={values.exercises ?? ""}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
            />
          </div>
          <Field label="Notes" name="notes" defaultValue={values.notes ?? ""} errors={errors.notes} />
          <Button type="submit">Log session</Button>
        </Form>
      </Card>
      <Card title="History">
        {sessions.length === 0 ? (
          <p className="text-sm">No sessions yet.</p>
        ) : (
          <table className="w-full text-sm" data-testid="session-history">
            <thead>
              <tr className="text-left text-slate-500">
                <th>When</th>
                <th>Session</th>
                <th>Minutes</th>
                <th>RPE</th>
                <th>Quality</th>
                <th>Plan</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/climb/sessions/${s.id}`} className="underline">
                      {s.startedAt}
                    </Link>
                  </td>
                  <td>{SESSION_TYPE_LABELS[s.type]}</td>
                  <td>{s.duration}</td>
                  <td>{s.intensity}</td>
                  <td>{s.quality ?? "–"}</td>
                  <td>
                    {s.status === "planned" ? "planned, not logged" : s.deviated ? "deviated" : "as planned"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
