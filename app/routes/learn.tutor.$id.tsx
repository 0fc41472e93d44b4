import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/auth.server";
import { TutorChat, type ChatMessage } from "~/modules/learn/components/tutor-chat";
import { LearnError } from "~/modules/learn/reviews.server";
import { completeSession, getSession } from "~/modules/learn/tutor/tutor.server";
import { tutorWords } from "~/modules/learn/tutor/tutor-words.server";

export const meta: MetaFunction = () => [{ title: "French tutor · Praxis" }];

/** Domain errors become the HTTP status the error boundary shows (403 another learner's, 404 none). */
async function orStatus<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LearnError) throw new Response(error.detail, { status: error.status });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new Response("No such session", { status: 404 });
  const session = await orStatus(() => getSession(user.id, id.data));
  const { words } = await tutorWords(user.id, 8);
  return { ...session, words: words.map((w) => ({ id: w.id, french: w.french, english: w.english })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new Response("No such session", { status: 404 });
  return orStatus(() => completeSession(user.id, id.data));
}

export default function TutorSession() {
  const { session, messages, words } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const current = done?.session ?? session;
  return (
    <main className="mx-auto max-w-5xl space-y-4 px-4 py-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <Link to="/learn/tutor" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
            ← All conversations
          </Link>
          <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-100">{session.topic}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {session.scenario ? `${session.scenario.goal} · ` : ""}Level {session.level} ·{" "}
            {session.planned_minutes} min planned · {session.mode === "llm" ? "AI tutor" : "offline tutor"}
          </p>
        </div>
        {current.status === "active" ? (
          <Form method="post">
            <button
              type="submit"
              disabled={busy}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Finish session
            </button>
          </Form>
        ) : null}
      </div>
      {done ? (
        <section
          aria-label="Session summary"
          className="rounded-md border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-900/30"
          data-testid="session-summary"
        >
          <h2 className="font-semibold">Session complete</h2>
          <p>
            {done.summary.turns} turns in {done.summary.minutes} min · {done.summary.errors} correction
            {done.summary.errors === 1 ? "" : "s"} · {done.summary.xp} XP (including a {done.summary.xp_bonus}{" "}
            XP bonus)
          </p>
          {done.achievements_unlocked.length ? (
            <p className="mt-2 font-medium text-amber-800 dark:text-amber-300" data-testid="unlocked">
              Achievement unlocked: {done.achievements_unlocked.map((a) => a.title).join(", ")}.{" "}
              <Link to="/learn/achievements" className="underline">
                See all
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <TutorChat key={current.status} session={current} messages={messages as ChatMessage[]} words={words} />
    </main>
  );
}
