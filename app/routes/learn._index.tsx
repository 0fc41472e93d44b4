import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Button, Card, Field } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { parseForm, type FieldErrors } from "~/lib/forms.server";
import { getProfile, profileJson, saveProfile } from "~/modules/learn/profile.server";
import { getQueue } from "~/modules/learn/reviews.server";
import { myAchievements } from "~/modules/learn/achievements/achievements.server";
import { listNotifications, markRead } from "~/modules/notifications/notifications.server";
import { profileSchema } from "~/modules/learn/schemas";
import { CEFR_LEVELS } from "~/modules/learn/levels";

export const meta: MetaFunction = () => [{ title: "French · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const profile = await getProfile(user.id);
  const queue = profile ? await getQueue(user.id, 500) : null;
  const progress = profile ? (await myAchievements(user.id)).stats : null;
  // French notices only (streak reminders, achievements); everything is in the notification centre.
  const unread = (await listNotifications(user.id, { unreadOnly: true, limit: 20 }))
    .filter((n) => n.kind === "streak-reminder" || n.kind === "achievement")
    .slice(0, 3);
  return {
    unread,
    progress,
    profile: profile ? profileJson(profile) : null,
    counts: queue?.counts ?? null,
    waiting: queue ? queue.items.length : 0,
    nextDueAt: queue?.next_due_at ?? null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const dismiss = (await request.clone().formData()).get("dismiss");
  if (typeof dismiss === "string") {
    await markRead(user.id, dismiss).catch(() => false);
    return { errors: {} as FieldErrors, values: {} as Record<string, string>, saved: false };
  }
  const form = await parseForm(request, profileSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values, saved: false }, { status: 400 });
  await saveProfile(user.id, form.data);
  return { errors: {} as FieldErrors, values: {} as Record<string, string>, saved: true };
}

const LEVEL_HINTS: Record<string, string> = {
  A1: "Beginner: start with the most common words",
  A2: "Elementary: skip the first 600 words",
  B1: "Intermediate: from word 1,200",
  B2: "Upper intermediate: from word 2,500",
  C1: "Advanced: from word 4,000",
  C2: "Mastery: the rarest words",
};

export default function Learn() {
  const { profile, counts, waiting, nextDueAt, progress, unread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  // The browser knows the learner's time zone; the server uses it to decide when "today" starts.
  const [timezone, setTimezone] = useState(profile?.timezone ?? "UTC");
  useEffect(() => {
    if (!profile) setTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  }, [profile]);

  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-100">French vocabulary</h1>
      {unread.map((n) => (
        <div
          key={n.id}
          role="note"
          className="flex items-start justify-between gap-4 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-900/30"
        >
          <div>
            <p className="font-semibold">{n.title}</p>
            <p className="text-sm text-slate-700 dark:text-slate-300">{n.body}</p>
          </div>
          <Form method="post">
            <button type="submit" name="dismiss" value={n.id} className="text-sm underline">
              Dismiss
            </button>
          </Form>
        </div>
      ))}
      {profile && counts ? (
        <Card title="Today">
          <dl className="grid grid-cols-3 gap-4 text-center">
            <div>
              <dt className="text-sm text-slate-600 dark:text-slate-400">Due reviews</dt>
              <dd className="text-3xl font-semibold" data-testid="due-count">
                {counts.due}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600 dark:text-slate-400">New words left</dt>
              <dd className="text-3xl font-semibold">{counts.new_left_today}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600 dark:text-slate-400">Reviewed today</dt>
              <dd className="text-3xl font-semibold">{counts.new_today + counts.reviews_today}</dd>
            </div>
          </dl>
          <div className="mt-4 flex flex-wrap items-center gap-4">
            <Link
              to="/learn/tutor"
              className="rounded-md border border-indigo-600 px-4 py-2 font-medium text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-slate-800"
            >
              Talk with the tutor
            </Link>
            {progress ? (
              <Link
                to="/learn/achievements"
                className="text-sm text-slate-700 hover:underline dark:text-slate-300"
                data-testid="streak"
              >
                {progress.streak_current}-day streak · {progress.xp_total} XP · achievements
              </Link>
            ) : null}
            {progress ? (
              <Link
                to="/learn/dashboard"
                className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
              >
                Progress dashboard
              </Link>
            ) : null}
            {waiting > 0 ? (
              <Link
                to="/learn/review"
                className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus:ring-2 focus:ring-indigo-400 focus:outline-none"
              >
                Review {waiting} card{waiting === 1 ? "" : "s"}
              </Link>
            ) : (
              <p className="text-slate-700 dark:text-slate-300">
                All done for now.
                {nextDueAt ? ` Next card due ${new Date(nextDueAt).toLocaleString()}.` : ""}
              </p>
            )}
          </div>
        </Card>
      ) : (
        <p className="text-slate-700 dark:text-slate-300">
          Choose your level to start. Words come in order of how often they are used, and each one comes back
          just before you would forget it (FSRS).
        </p>
      )}

      <Card title={profile ? "Your settings" : "Your level"}>
        <Form method="post" className="space-y-4">
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">
              Level (CEFR)
            </legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {CEFR_LEVELS.map((level) => (
                <label
                  key={level}
                  className="flex items-start gap-2 rounded-md border border-slate-300 p-2 dark:border-slate-700"
                >
                  <input
                    type="radio"
                    name="cefr_level"
                    value={level}
                    defaultChecked={(values.cefr_level ?? profile?.cefr_level ?? "A1") === level}
                  />
                  <span>
                    <span className="font-semibold">{level}</span>{" "}
                    <span className="text-sm text-slate-600 dark:text-slate-400">{LEVEL_HINTS[level]}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field
              label="New words per day"
              name="daily_new_limit"
              type="number"
              min={0}
              max={200}
              defaultValue={values.daily_new_limit ?? profile?.daily_new_limit ?? 20}
              errors={errors.daily_new_limit}
            />
            <Field
              label="Reviews per day (max)"
              name="daily_review_limit"
              type="number"
              min={0}
              max={2000}
              defaultValue={values.daily_review_limit ?? profile?.daily_review_limit ?? 200}
              errors={errors.daily_review_limit}
            />
            <Field
              label="Desired retention"
              name="desired_retention"
              type="number"
              step={0.01}
              min={0.7}
              max={0.97}
              hint="0.90 = remember 9 words in 10 when they come back"
              defaultValue={values.desired_retention ?? profile?.desired_retention ?? 0.9}
              errors={errors.desired_retention}
            />
          </div>
          <Field
            label="Time zone"
            name="timezone"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            hint="Your day starts at midnight here"
            errors={errors.timezone}
          />
          <Button type="submit" disabled={busy}>
            {profile ? "Save settings" : "Start learning"}
          </Button>
          {result?.saved ? (
            <p role="status" className="text-sm text-green-700 dark:text-green-400">
              Saved.
            </p>
          ) : null}
        </Form>
      </Card>
    </main>
  );
}
