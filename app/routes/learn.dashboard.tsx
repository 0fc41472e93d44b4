import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { errors, statistics, streak, summary, vocabulary } from "~/modules/learn/analytics/analytics.server";
import {
  HeatmapCalendar,
  MasteryChart,
  ReviewChart,
  XpChart,
} from "~/modules/learn/components/analytics-charts";

export const meta: MetaFunction = () => [{ title: "Progress · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [s, stats, st, vocab, mistakes] = await Promise.all([
    summary(user.id),
    statistics(user.id, 30),
    streak(user.id),
    vocabulary(user.id),
    errors(user.id, 90),
  ]);
  return {
    summary: s.value,
    stats: stats.value,
    streak: st.value,
    vocabulary: vocab.value,
    errors: mistakes.value,
  };
}

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);

export default function Dashboard() {
  const { summary, stats, streak, vocabulary, errors } = useLoaderData<typeof loader>();
  const tiles: [string, string][] = [
    ["Streak", `${summary.streak.current} day${summary.streak.current === 1 ? "" : "s"}`],
    ["XP today", `${summary.xp.today}`],
    ["XP total", `${summary.xp.total}`],
    ["Words learned", `${summary.mastery.words_learned}`],
    ["Due now", `${summary.reviews.due_now}`],
    ["Tutor accuracy", pct(summary.tutor.accuracy)],
  ];
  return (
    <main className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <Link to="/learn" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
        ← French
      </Link>
      <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-100">Your progress</h1>
      <dl className="grid grid-cols-2 gap-3 text-center sm:grid-cols-3 lg:grid-cols-6" data-testid="summary">
        {tiles.map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="text-2xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <Card
        title={`Practice this year · longest streak ${streak.longest} day${streak.longest === 1 ? "" : "s"}`}
      >
        <HeatmapCalendar days={streak.calendar} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="XP and minutes, last 30 days">
          <XpChart days={stats.days} />
        </Card>
        <Card title="Reviews and recall, last 30 days">
          <ReviewChart days={stats.days} />
        </Card>
        <Card title="Vocabulary">
          <MasteryChart states={vocabulary.states} />
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            {vocabulary.mastered} mastered ({vocabulary.mastered_rule.toLowerCase()}) ·{" "}
            {vocabulary.states.new} not started yet
          </p>
        </Card>
        <Card title="Your most frequent mistakes (90 days)">
          {errors.most_frequent.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              None yet: talk with the tutor to find out.
            </p>
          ) : (
            <table className="w-full text-left text-sm" data-testid="mistakes">
              <caption className="sr-only">Most frequent mistakes with their corrections</caption>
              <thead>
                <tr className="text-slate-600 dark:text-slate-400">
                  <th className="py-1 pr-2 font-medium">You wrote</th>
                  <th className="py-1 pr-2 font-medium">Correct</th>
                  <th className="py-1 pr-2 font-medium">Kind</th>
                  <th className="py-1 font-medium">Times</th>
                </tr>
              </thead>
              <tbody>
                {errors.most_frequent.map((m) => (
                  <tr
                    key={`${m.text}-${m.suggestion}`}
                    className="border-t border-slate-100 dark:border-slate-800"
                    title={m.explanation}
                  >
                    <td className="py-1 pr-2 line-through decoration-red-600">{m.text}</td>
                    <td className="py-1 pr-2 font-medium">{m.suggestion}</td>
                    <td className="py-1 pr-2">{m.category}</td>
                    <td className="py-1 tabular-nums">{m.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </main>
  );
}
