import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, Field } from "~/components/ui/field";
import { SessionTypeSelect } from "~/modules/climb/components/session-type-select";
import { parseParams } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { getBaseline } from "~/modules/climb/baseline.server";
import { ClimbError } from "~/modules/climb/climb-errors.server";
import {
  exercisesFromText,
  exercisesToText,
  formRecord,
  issuesToFieldErrors,
  isoToLocalDateTime,
  localDateTimeToIso,
  numberOrRaw,
} from "~/modules/climb/form-values";
import { sessionCompleteSchema, sessionParamsSchema } from "~/modules/climb/schemas";
import { readinessJson } from "~/modules/climb/session-readiness";
import {
  READINESS_FIELDS,
  READINESS_RANGES,
  SESSION_TYPE_LABELS,
  type SessionType,
} from "~/modules/climb/session-types";
import { completeSession, getSession } from "~/modules/climb/sessions.server";

export const meta: MetaFunction = () => [{ title: "Climbing session · Praxis" }];

async function load(request: Request, params: unknown) {
  const user = await requireUser(request);
  const { id } = parseParams(params, sessionParamsSchema);
  try {
    return { user, session: await getSession(user, id) };
  } catch (error) {
    if (error instanceof ClimbError) throw new Response(error.detail, { status: error.status });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session: s } = await load(request, params);
  const timeZone = (await getBaseline(s.userId))?.timezone ?? "UTC";
  return {
    id: s.id,
    status: s.status,
    type: s.sessionType as SessionType,
    plannedDuration: s.plannedDurationMin,
    plannedIntensity: s.plannedIntensity,
    plannedExercises: s.plannedExercises,
    readiness: readinessJson(s),
    recommendation: s.recommendation as { predicted_quality: number | null; phase: string } | null,
    startedAt: isoToLocalDateTime(s.startedAt, timeZone),
    defaultEnd: isoToLocalDateTime(new Date(s.startedAt.getTime() + s.plannedDurationMin * 60_000), timeZone),
    endedAt: s.endedAt ? isoToLocalDateTime(s.endedAt, timeZone) : null,
    actualType: s.actualSessionType as SessionType | null,
    actualDuration: s.actualDurationMin,
    actualIntensity: s.actualIntensity,
    actualExercises: s.actualExercises,
    quality: s.sessionQuality,
    deviated: s.deviatedFromPlan,
    notes: s.notes,
    timeZone,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await load(request, params);
  const f = await formRecord(request);
  const timeZone = (await getBaseline(session.userId))?.timezone ?? "UTC";
  const parsed = sessionCompleteSchema.safeParse({
    actual_session_type: f.actual_session_type,
    actual_intensity: numberOrRaw(f.actual_intensity),
    actual_exercises: exercisesFromText(f.actual_exercises),
    session_quality: numberOrRaw(f.session_quality),
    started_at: localDateTimeToIso(f.started_at, timeZone),
    ended_at: localDateTimeToIso(f.ended_at, timeZone),
    notes: f.notes || undefined,
  });
  if (!parsed.success)
    return data({ errors: issuesToFieldErrors(parsed.error.issues), values: f }, { status: 400 });
  try {
    await completeSession(user, session.id, parsed.data);
  } catch (error) {
    if (!(error instanceof ClimbError)) throw error;
    const errors: Record<string, string[]> = { form: [error.detail] };
    for (const e of error.errors) (errors[e.path] ??= []).push(e.message);
    return data({ errors, values: f }, { status: error.status });
  }
  return redirect(`/climb/sessions/${session.id}`);
}

export default function ClimbSession() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string[] | undefined> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold">{SESSION_TYPE_LABELS[s.type]}</h1>
        <Link to="/climb/sessions" className="text-sm underline">
          ← All sessions
        </Link>
      </div>
      <Card title="Plan">
        <p className="text-sm" data-testid="session-plan">
          {s.startedAt.replace("T", " ")} ({s.timeZone}) · {s.plannedDuration} min · RPE {s.plannedIntensity}
          {s.recommendation?.predicted_quality != null
            ? ` · predicted quality ${s.recommendation.predicted_quality.toFixed(1)} (${s.recommendation.phase.replace("_", " ")})`
            : ""}
        </p>
        <ul className="mt-2 list-disc pl-5 text-sm">
          {s.plannedExercises.map((e) => (
            <li key={e.name}>
              {e.name}
              {e.grade ? ` · ${e.grade}` : ""}
              {e.notes ? ` · ${e.notes}` : ""}
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-500">
          Readiness:{" "}
          {READINESS_FIELDS.filter((f) => s.readiness[f] !== null)
            .map((f) => `${READINESS_RANGES[f].label.replace(/ \(.*\)/, "")} ${s.readiness[f]}`)
            .join(" · ")}
        </p>
      </Card>
      {s.status === "completed" ? (
        <Card title="What happened">
          <p className="text-sm" data-testid="session-outcome">
            {SESSION_TYPE_LABELS[s.actualType ?? s.type]} · {s.actualDuration} min · RPE {s.actualIntensity} ·
            quality <strong>{s.quality}/10</strong> · {s.deviated ? "deviated from the plan" : "as planned"}
          </p>
          {s.notes ? <p className="mt-2 text-sm">{s.notes}</p> : null}
        </Card>
      ) : (
        <Card title="Log what happened">
          <Form method="post" className="space-y-4" noValidate>
            {errors.form ? <p className="text-sm text-red-700">{errors.form.join(". ")}</p> : null}
            <div className="grid gap-4 sm:grid-cols-3">
              <SessionTypeSelect
                id="actual-type"
                name="actual_session_type"
                label="Session you did"
                defaultValue={values.actual_session_type ?? s.type}
                errors={errors.actual_session_type}
              />
              <Field
                label="Started"
                name="started_at"
                type="datetime-local"
                defaultValue={values.started_at ?? s.startedAt}
                errors={errors.started_at}
              />
              <Field
                label="Ended"
                name="ended_at"
                type="datetime-local"
                defaultValue={values.ended_at ?? s.defaultEnd}
                errors={errors.ended_at}
              />
              <Field
                label="Intensity (RPE 1–10)"
                name="actual_intensity"
                type="number"
                min={1}
                max={10}
                defaultValue={values.actual_intensity ?? String(s.plannedIntensity)}
                errors={errors.actual_intensity}
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
            <div className="space-y-1">
              <label htmlFor="actual-exercises" className="block text-sm font-medium">
                Exercises you did (one per line)
              </label>
              <textarea
                id="actual-exercises"
                name="actual_exercises"
                rows={4}
                defaultValue={values.actual_exercises ?? exercisesToText(s.plannedExercises)}
                className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
              />
            </div>
            <Field label="Notes" name="notes" defaultValue={values.notes ?? ""} />
            <Button type="submit">Save session</Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
