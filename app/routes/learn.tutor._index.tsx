import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Button, Card, Field, FormError } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { parseForm, type FieldErrors } from "~/lib/forms.server";
import { getProfile } from "~/modules/learn/profile.server";
import { LearnError } from "~/modules/learn/reviews.server";
import { SCENARIOS, scenarioByKey } from "~/modules/learn/tutor/scenarios";
import { sessionSchema } from "~/modules/learn/tutor/tutor-schemas";
import { createSession, listSessions, tutorMode } from "~/modules/learn/tutor/tutor.server";

export const meta: MetaFunction = () => [{ title: "French tutor · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // ?scenario=<key> (the library's "Start conversation") picks that role-play; an unknown key is ignored.
  const chosen = scenarioByKey(new URL(request.url).searchParams.get("scenario"));
  return {
    hasProfile: Boolean(await getProfile(user.id)),
    sessions: await listSessions(user.id),
    tutor: tutorMode(),
    scenario: chosen?.key ?? SCENARIOS[0]!.key,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, sessionSchema);
  if (!form.ok) return data({ errors: form.errors, message: null }, { status: 400 });
  try {
    const { session } = await createSession(user.id, form.data);
    return redirect(`/learn/tutor/${session.id}`);
  } catch (error) {
    if (error instanceof LearnError)
      return data({ errors: {} as FieldErrors, message: error.detail }, { status: error.status });
    throw error;
  }
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default function TutorHome() {
  const { hasProfile, sessions, tutor, scenario } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [kind, setKind] = useState<"scenario" | "topic">("scenario");
  const errors: FieldErrors = result?.errors ?? {};

  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-100">French tutor</h1>
      <p
        className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300"
        data-testid="tutor-mode"
      >
        {tutor.mode === "llm" ? (
          <>
            AI tutor: {tutor.providers.map((p) => `${p.name} (${p.model})`).join(", then ")}. Corrections come
            from Praxis&apos;s grammar checker and the AI.
          </>
        ) : (
          <>
            <strong>Offline tutor.</strong> No AI key is configured on this server, so the tutor drills
            today&apos;s words (translation, fill-in-the-blank, use-it-in-a-sentence) and corrects your French
            with Praxis&apos;s grammar checker. It cannot chat freely.
          </>
        )}
      </p>
      {hasProfile ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          <Link
            to="/stories?words=due"
            className="font-medium text-indigo-700 underline dark:text-indigo-300"
          >
            Read a short story with your words
          </Link>
          : the words you are learning, in a story written for you (in French when an AI story writer is
          configured, otherwise in English by Praxis&apos;s own model).
        </p>
      ) : null}
      {!hasProfile ? (
        <p className="text-slate-700 dark:text-slate-300">
          <Link to="/learn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            Choose your level
          </Link>{" "}
          first: the tutor talks at your level and uses the words you are learning today.
        </p>
      ) : (
        <Card title="Start a conversation">
          <Form method="post" className="space-y-4">
            <FormError message={result?.message ?? undefined} />
            <div role="radiogroup" aria-label="Kind of conversation" className="flex gap-4 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" checked={kind === "scenario"} onChange={() => setKind("scenario")} />
                Role-play
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" checked={kind === "topic"} onChange={() => setKind("topic")} />
                Open topic
              </label>
            </div>
            {kind === "scenario" ? (
              <fieldset key={scenario}>
                <legend className="sr-only">Scenario</legend>
                <div className="grid gap-2 sm:grid-cols-2">
                  {SCENARIOS.map((s) => (
                    <label
                      key={s.key}
                      className="flex items-start gap-2 rounded-md border border-slate-300 p-2 dark:border-slate-700"
                    >
                      <input type="radio" name="scenario" value={s.key} defaultChecked={s.key === scenario} />
                      <span>
                        <span className="font-semibold">{s.title}</span>
                        <span className="block text-sm text-slate-600 dark:text-slate-400">{s.goal}</span>
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : (
              <Field
                label="Topic"
                name="topic"
                placeholder="Your weekend, food, your city…"
                errors={errors.topic}
              />
            )}
            <Field
              label="Minutes"
              name="planned_minutes"
              type="number"
              min={1}
              max={120}
              defaultValue={10}
              errors={errors.planned_minutes}
            />
            <Button type="submit" disabled={busy}>
              {busy ? "Starting…" : "Start"}
            </Button>
          </Form>
        </Card>
      )}
      {sessions.length > 0 ? (
        <Card title="Your conversations">
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {sessions.map((s) => (
              <li key={s.id} className="flex items-center justify-between py-2">
                <Link
                  to={`/learn/tutor/${s.id}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {s.topic}
                </Link>
                <span className="text-sm text-slate-600 dark:text-slate-400">
                  {dateTime.format(new Date(s.started_at))} · {s.turns} turn{s.turns === 1 ? "" : "s"} ·{" "}
                  {s.xp} XP · {s.status}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </main>
  );
}
