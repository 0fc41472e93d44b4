import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { Button, Card } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { getBaseline } from "~/modules/climb/baseline.server";
import {
  PhaseProgress,
  RecommendationView,
  type Phases,
} from "~/modules/climb/components/recommendation-view";
import { ReadinessFields } from "~/modules/climb/components/readiness-fields";
import { useRecommendationStream } from "~/modules/climb/components/use-recommendation-stream";
import { formRecord, issuesToFieldErrors, numberOrRaw, readinessFromForm } from "~/modules/climb/form-values";
import { userModel } from "~/modules/climb/model.server";
import { generateRecommendation } from "~/modules/climb/recommendations.server";
import { recommendationRequestSchema, sessionCreateSchema } from "~/modules/climb/schemas";
import { SESSION_TYPE_LABELS, type SessionType } from "~/modules/climb/session-types";
import { createSession, listSessions } from "~/modules/climb/sessions.server";

export const meta: MetaFunction = () => [{ title: "Climbing coach · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [baseline, model, sessions] = await Promise.all([
    getBaseline(user.id),
    userModel(user.id),
    listSessions(user.id, 50),
  ]);
  return {
    hasBaseline: baseline !== null,
    model: { phase: model.phase, sessions: model.sessionsIncluded, source: model.source },
    planned: sessions
      .filter((s) => s.status === "planned")
      .map((s) => ({ id: s.id, type: s.sessionType, startedAt: s.startedAt.toISOString() })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const f = await formRecord(request);
  if (f.intent === "plan") {
    let exercises: unknown = [];
    try {
      exercises = JSON.parse(f.planned_exercises ?? "[]");
    } catch {
      exercises = f.planned_exercises;
    }
    const parsed = sessionCreateSchema.safeParse({
      ...readinessFromForm(f),
      session_type: f.session_type,
      planned_duration_min: numberOrRaw(f.planned_duration_min),
      planned_intensity: numberOrRaw(f.planned_intensity),
      planned_exercises: exercises,
      recommendation: {
        session_type: f.session_type,
        predicted_quality: f.predicted_quality ? Number(f.predicted_quality) : null,
        phase: f.phase,
        rule: null,
      },
    });
    if (!parsed.success)
      return data(
        { phases: null, errors: issuesToFieldErrors(parsed.error.issues), values: f },
        { status: 400 },
      );
    const session = await createSession(user.id, parsed.data);
    return redirect(`/climb/sessions/${session.id}`);
  }
  // Without JavaScript the advice is computed here and rendered whole (the stream needs JS).
  const parsed = recommendationRequestSchema.safeParse(readinessFromForm(f));
  if (!parsed.success)
    return data(
      { phases: null, errors: issuesToFieldErrors(parsed.error.issues), values: f },
      { status: 400 },
    );
  const result = await generateRecommendation(user.id, parsed.data);
  const phases: Phases = { context_loaded: result.context, done: result.done };
  if (result.override) phases.override = result.override;
  if (result.prediction) phases.prediction = result.prediction;
  if (result.recommendations) phases.recommendations = result.recommendations;
  if (result.stats) phases.stats = result.stats;
  return { phases, errors: {} as Record<string, string[]>, values: f };
}

const PHASE_BADGE = {
  cold_start: "Cold start",
  learning: "Learning",
  personalized: "Personalized",
} as const;

export default function ClimbCoach() {
  const { hasBaseline, model, planned } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { state, start } = useRecommendationStream();
  const [readiness, setReadiness] = useState<Record<string, unknown>>(result?.values ?? {});
  const streamed = state.status !== "idle";
  const phases = (streamed ? state.phases : (result?.phases ?? {})) as Phases;
  const errors: Record<string, string[] | undefined> = {
    ...(result?.errors ?? {}),
    ...Object.fromEntries((state.error?.errors ?? []).map((e) => [e.path, [e.message]])),
  };

  function ask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = Object.fromEntries(new FormData(event.currentTarget).entries()) as Record<string, string>;
    const body = Object.fromEntries(Object.entries(readinessFromForm(f)).filter(([, v]) => v !== undefined));
    setReadiness(body);
    void start(body);
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold">Climbing coach</h1>
        <nav className="flex gap-4 text-sm">
          <Link to="/climb/sessions" className="underline">
            Sessions &amp; charts
          </Link>
          <Link to="/climb/profile" className="underline">
            Baseline
          </Link>
        </nav>
      </div>
      <p className="text-sm" data-testid="phase-banner">
        <span className="rounded bg-brand-600 px-2 py-0.5 text-white">{PHASE_BADGE[model.phase]}</span>{" "}
        {model.phase === "cold_start"
          ? `${model.sessions} of 10 rated sessions: advice comes from population priors until then.`
          : model.phase === "learning"
            ? `${model.sessions} rated sessions: your coefficients are shrunk toward the population; personalized from 30.`
            : `${model.sessions} rated sessions: your own data drives the advice.`}
      </p>
      {!hasBaseline ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:bg-amber-950">
          <Link to="/climb/profile" className="underline">
            Fill in your baseline
          </Link>{" "}
          (grades, injuries, time per session) so sessions are pitched at your level.
        </p>
      ) : null}
      {planned.length ? (
        <Card title="Planned, not logged yet">
          <ul className="text-sm">
            {planned.map((p) => (
              <li key={p.id}>
                <Link to={`/climb/sessions/${p.id}`} className="underline">
                  {SESSION_TYPE_LABELS[p.type as SessionType]} · {new Date(p.startedAt).toLocaleString()}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title="How are you today?">
        <Form method="post" onSubmit={ask} className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="advise" />
          <ReadinessFields values={(result?.values ?? {}) as Record<string, string>} errors={errors} />
          <Button type="submit" disabled={state.status === "streaming"}>
            What should I do today?
          </Button>
          {state.error && !state.error.errors.length ? (
            <p className="text-sm text-red-700">{state.error.detail}</p>
          ) : null}
        </Form>
      </Card>
      {streamed || result?.phases ? (
        <>
          <PhaseProgress phases={phases} streaming={state.status === "streaming"} />
          <RecommendationView phases={phases} readiness={readiness} />
        </>
      ) : null}
    </div>
  );
}
