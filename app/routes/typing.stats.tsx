import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { KeyboardHeatmap } from "~/modules/typing/components/keyboard-heatmap";
import { KeySpeedChart, SessionChart } from "~/modules/typing/components/progress-charts";
import {
  keySpeedHistory,
  keyStatsForUser,
  practiceTotals,
  sessionHistory,
} from "~/modules/typing/stats.server";
import { TARGET_MS_PER_KEY } from "../../ml/typing/key-stats";

export const meta: MetaFunction = () => [{ title: "Typing progress · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [keys, sessions, keySpeed, totals] = await Promise.all([
    keyStatsForUser(user.id),
    sessionHistory(user.id),
    keySpeedHistory(user.id),
    practiceTotals(user.id),
  ]);
  const weakest = keys
    .filter((k) => k.hits >= 5 && k.emaMs && ((k.confidence ?? 0) < 1 || k.errorRate > 0.05))
    .sort((a, b) => (a.confidence ?? 0) - (b.confidence ?? 0) || b.errorRate - a.errorRate)
    .slice(0, 8);
  return { keys, sessions, keySpeed, totals, weakest, targetMs: TARGET_MS_PER_KEY };
}

export default function TypingStats() {
  const { keys, sessions, keySpeed, totals, weakest, targetMs } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Typing progress</h1>
          <p className="text-slate-600 dark:text-slate-400">
            {totals.sessions} sessions · {totals.snippets} snippets ·{" "}
            {totals.minutes < 1 ? "under a minute" : `${totals.minutes} minutes`} typed
            {totals.bestWpm ? ` · best session ${Math.round(totals.bestWpm)} WPM` : ""}
          </p>
        </div>
        <Link to="/typing" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white">
          Practise
        </Link>
      </div>
      {sessions.length === 0 ? (
        <Card>Finish a snippet and your progress appears here.</Card>
      ) : (
        <>
          <Card title="Speed and accuracy by session">
            <SessionChart sessions={sessions} />
          </Card>
          <Card title="Time per key, by day (lower is faster)">
            {keySpeed.points.length > 0 ? (
              <KeySpeedChart keys={keySpeed.keys} points={keySpeed.points} />
            ) : (
              <p>No keystroke timings yet.</p>
            )}
          </Card>
        </>
      )}
      <Card title="Keyboard">
        <KeyboardHeatmap keys={keys} targetMs={targetMs} />
      </Card>
      {weakest.length > 0 ? (
        <Card title="Keys to work on">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Slowest and most missed keys</caption>
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th className="py-1 font-medium">Key</th>
                <th className="py-1 font-medium">Smoothed time</th>
                <th className="py-1 font-medium">Best</th>
                <th className="py-1 font-medium">Speed vs target</th>
                <th className="py-1 font-medium">Missed</th>
                <th className="py-1 font-medium">Presses</th>
              </tr>
            </thead>
            <tbody>
              {weakest.map((k) => (
                <tr key={k.key} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 font-mono">{k.key}</td>
                  <td className="py-1">{Math.round(k.emaMs!)} ms</td>
                  <td className="py-1">{k.bestMs ? `${Math.round(k.bestMs)} ms` : "–"}</td>
                  <td className="py-1">{Math.round((k.confidence ?? 0) * 100)}%</td>
                  <td className="py-1">{Math.round(k.errorRate * 100)}%</td>
                  <td className="py-1">{k.hits + k.misses}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            Target: {Math.round(targetMs)} ms per key (175 characters a minute). Times are smoothed over your
            recent presses.
          </p>
        </Card>
      ) : null}
    </div>
  );
}
