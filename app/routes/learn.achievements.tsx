import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { checkAchievements, myAchievements } from "~/modules/learn/achievements/achievements.server";

export const meta: MetaFunction = () => [{ title: "Achievements · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return myAchievements(user.id);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return { unlocked: await checkAchievements(user.id) };
}

const date = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const CATEGORY_NAMES: Record<string, string> = {
  session: "Conversations",
  streak: "Streaks",
  vocabulary: "Vocabulary",
  xp: "Experience",
  accuracy: "Accuracy",
};

export default function Achievements() {
  const { stats, achievements } = useLoaderData<typeof loader>();
  const checked = useActionData<typeof action>();
  const categories = [...new Set(achievements.map((a) => a.category))];
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <Link to="/learn" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
        ← French
      </Link>
      <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-100">Achievements</h1>
      <dl className="grid grid-cols-2 gap-4 text-center sm:grid-cols-4">
        {[
          ["Streak", `${stats.streak_current} day${stats.streak_current === 1 ? "" : "s"}`],
          ["Longest streak", `${stats.streak_longest}`],
          ["XP", `${stats.xp_total}`],
          ["Words learned", `${stats.words_learned}`],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="text-2xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <Form method="post" className="flex items-center gap-3">
        <Button type="submit">Check now</Button>
        {checked ? (
          <p role="status" className="text-sm">
            {checked.unlocked.length
              ? `Unlocked: ${checked.unlocked.map((a) => a.title).join(", ")}`
              : "Nothing new yet: keep going."}
          </p>
        ) : null}
      </Form>
      {categories.map((category) => (
        <Card key={category} title={CATEGORY_NAMES[category] ?? category}>
          <ul className="grid gap-3 sm:grid-cols-3">
            {achievements
              .filter((a) => a.category === category)
              .map((a) => (
                <li
                  key={a.key}
                  data-testid={`achievement-${a.key}`}
                  className={`rounded-md border p-3 ${a.unlocked_at ? "border-amber-400 bg-amber-50 dark:bg-amber-900/20" : "border-slate-200 dark:border-slate-800"}`}
                >
                  <p className="font-semibold">{a.title}</p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">{a.description}</p>
                  {a.unlocked_at ? (
                    <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">
                      Unlocked {date.format(new Date(a.unlocked_at))}
                    </p>
                  ) : (
                    <div className="mt-2">
                      <div
                        role="progressbar"
                        aria-label={`${a.title} progress`}
                        aria-valuemin={0}
                        aria-valuemax={a.threshold}
                        aria-valuenow={Math.min(a.value, a.threshold)}
                        className="h-2 rounded-full bg-slate-200 dark:bg-slate-800"
                      >
                        <div
                          className="h-2 rounded-full bg-indigo-500"
                          style={{ width: `${a.progress * 100}%` }}
                        />
                      </div>
                      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                        {Math.min(a.value, a.threshold)} / {a.threshold}
                      </p>
                    </div>
                  )}
                </li>
              ))}
          </ul>
        </Card>
      ))}
    </main>
  );
}
