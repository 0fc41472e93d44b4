import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Card, Notice } from "~/components/ui/field";
import { zodFieldErrors } from "~/lib/api.server";
import { getAuth, requireUser } from "~/lib/auth.server";
import { queueSummaries } from "~/modules/admin/jobs.server";
import { listApiTokens } from "~/modules/auth/api-tokens.server";
import { listSessions } from "~/modules/auth/sessions.server";
import { activityFeed } from "~/modules/today/activity.server";
import { ActivityFeed, GoalsForm, PlanItemCard } from "~/modules/today/components/today-parts";
import { saveGoals } from "~/modules/today/goals.server";
import { goalsFormSchema } from "~/modules/today/schemas";
import { todayPlan } from "~/modules/today/today.server";

export const meta: MetaFunction = () => [{ title: "Praxis" }];

/** The Today page's one form: daily goals (the plan re-ranks with them on the reload that follows). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  delete form.intent;
  const parsed = goalsFormSchema.safeParse(form);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const e of zodFieldErrors(parsed.error)) (errors[e.path] ??= []).push(e.message);
    return { ok: false as const, errors };
  }
  await saveGoals(user.id, parsed.data);
  return { ok: true as const, errors: {} as Record<string, string[]> };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  if (!auth) return { user: null } as const;
  const { user } = auth;
  const [sessions, tokens, queues, plan, feed] = await Promise.all([
    listSessions(user.id),
    listApiTokens(user.id),
    user.role === "admin" ? queueSummaries() : Promise.resolve(null),
    todayPlan(user),
    activityFeed(user.id, 7),
  ]);
  const current = sessions.find((s) => s.id === auth.sessionId);
  return {
    user: { displayName: user.displayName, role: user.role, memberSince: user.createdAt.toISOString() },
    plan,
    feed,
    sessions: { active: sessions.length, currentSince: current?.createdAt.toISOString() ?? null },
    tokens: {
      active: tokens.length,
      lastUsed:
        tokens
          .map((t) => t.lastUsedAt?.toISOString())
          .filter(Boolean)
          .sort()
          .at(-1) ?? null,
    },
    queues:
      queues
        ?.filter((q) => q.deadLetter)
        .map((q) => ({
          name: q.name,
          failed: q.counts.failed,
          waiting: q.counts.created + q.counts.retry,
          active: q.counts.active,
        })) ?? null,
  };
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const planDate = new Intl.DateTimeFormat("en", { dateStyle: "full", timeZone: "UTC" });

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  if (!data.user) return <Landing />;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Welcome back, {data.user.displayName}</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Member since {dateFormat.format(new Date(data.user.memberSince))}
        </p>
      </div>
      <section aria-labelledby="today-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="today-heading" className="text-xl font-semibold">
            Today
          </h2>
          <span className="text-sm text-slate-600 dark:text-slate-400">
            {planDate.format(new Date(`${data.plan.date}T12:00:00Z`))} · {data.plan.timezone}
          </span>
        </div>
        {data.plan.unavailable.length ? (
          <Notice message={`Part of the plan is missing this time: ${data.plan.unavailable.join(", ")}.`} />
        ) : null}
        {data.plan.items.length ? (
          <ol className="space-y-3" aria-label="Your plan for today">
            {data.plan.items.map((item, i) => (
              <PlanItemCard key={item.id} item={item} rank={i + 1} />
            ))}
          </ol>
        ) : (
          <p className="text-slate-700 dark:text-slate-300">
            Everything on today&apos;s plan is done. See you tomorrow.
          </p>
        )}
        {data.plan.done.length ? (
          <>
            <h3 className="pt-2 text-sm font-semibold text-slate-700 dark:text-slate-300">Done today</h3>
            <ul className="space-y-2" aria-label="Done today">
              {data.plan.done.map((item) => (
                <PlanItemCard key={item.id} item={item} done />
              ))}
            </ul>
          </>
        ) : null}
        <p className="text-xs text-slate-500">
          Due and at-risk first, then your goals and the habits Praxis learns from when you practise.
        </p>
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Daily goals">
          {saved?.ok ? <Notice message="Goals saved; the plan follows them." /> : null}
          <GoalsForm goals={data.plan.goals} errors={saved?.errors} />
        </Card>
        <Card title="This week">
          <ActivityFeed days={data.feed.days} />
        </Card>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Your account">
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <dt className="text-slate-600 dark:text-slate-400">Signed-in devices</dt>
            <dd className="font-medium" data-testid="active-sessions">
              {data.sessions.active}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">API tokens</dt>
            <dd className="font-medium" data-testid="active-tokens">
              {data.tokens.active}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">A token last used</dt>
            <dd className="font-medium">
              {data.tokens.lastUsed ? dateFormat.format(new Date(data.tokens.lastUsed)) : "never"}
            </dd>
          </dl>
          <Link
            to="/account"
            className="mt-4 inline-block text-sm text-brand-600 underline dark:text-brand-100"
          >
            Manage sessions and API tokens
          </Link>
        </Card>
        {data.queues ? (
          <Card title="Background jobs">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="text-slate-600 dark:text-slate-400">
                  <th className="py-1 font-medium">Queue</th>
                  <th className="py-1 font-medium">Waiting</th>
                  <th className="py-1 font-medium">Active</th>
                  <th className="py-1 font-medium">Failed</th>
                </tr>
              </thead>
              <tbody>
                {data.queues.map((q) => (
                  <tr key={q.name} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="py-1 font-mono text-xs">{q.name}</td>
                    <td className="py-1">{q.waiting}</td>
                    <td className="py-1">{q.active}</td>
                    <td className={`py-1 ${q.failed ? "font-semibold text-red-700 dark:text-red-400" : ""}`}>
                      {q.failed}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Link
              to="/admin/jobs"
              className="mt-4 inline-block text-sm text-brand-600 underline dark:text-brand-100"
            >
              Open the jobs console
            </Link>
          </Card>
        ) : (
          <Card title="Use the API">
            <p className="text-sm text-slate-700 dark:text-slate-300">
              Everything you do here is also available over JSON. Create a personal token on your account page
              and send it as{" "}
              <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">Authorization: Bearer</code>.
            </p>
            <a
              href="/api/docs"
              className="mt-4 inline-block text-sm text-brand-600 underline dark:text-brand-100"
            >
              Read the API reference
            </a>
          </Card>
        )}
      </div>
    </div>
  );
}

function Landing() {
  return (
    <div className="mx-auto max-w-2xl space-y-6 py-10 text-center">
      <h1 className="text-4xl font-bold tracking-tight">Practise what matters, every day.</h1>
      <p className="text-lg text-slate-700 dark:text-slate-300">
        Praxis is one place to practise and learn, and every part of it learns from you and adapts to you.
      </p>
      <div className="flex justify-center gap-3">
        <Link
          to="/signup"
          className="rounded-md bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700"
        >
          Create an account
        </Link>
        <Link
          to="/login"
          className="rounded-md border border-slate-300 px-5 py-2.5 font-medium dark:border-slate-700"
        >
          Log in
        </Link>
      </div>
    </div>
  );
}
