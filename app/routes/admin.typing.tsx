import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, Notice } from "~/components/ui/field";
import { requireAdmin } from "~/lib/auth.server";
import { runNow } from "~/modules/admin/jobs.server";
import { modelVersions } from "~/modules/typing/training.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { versions: await modelVersions() };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const id = await runNow("typing.train");
  return {
    message: `Training queued (job ${id ?? "already queued"}). Refresh in a moment to see the result.`,
  };
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toFixed(4));

export default function AdminTyping() {
  const { versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <Notice message={result?.message} />
      <Card title="Snippet ranker">
        <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">
          Each training run fits LambdaMART on all enriched typing telemetry and scores it on the latest 20%
          of practice sessions (NDCG@3) beside three baselines: random order, difficulty match, and the
          weakest-key heuristic that serves when no model is active. A run is activated only if it beats the
          best baseline and the active model on the same sessions. Runs nightly at 02:00 UTC.
        </p>
        <Form method="post">
          <Button type="submit">Train now</Button>
        </Form>
      </Card>
      <Card title="Versions">
        {versions.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No training run yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">
                Ranker versions with hold-out NDCG@3 against the baselines
              </caption>
              <thead>
                <tr className="text-slate-600 dark:text-slate-400">
                  <th className="py-2 pr-4 font-medium">Trained</th>
                  <th className="py-2 pr-4 font-medium">Status</th>
                  <th className="py-2 pr-4 font-medium">Model</th>
                  <th className="py-2 pr-4 font-medium">Weakest-key</th>
                  <th className="py-2 pr-4 font-medium">Difficulty</th>
                  <th className="py-2 pr-4 font-medium">Random</th>
                  <th className="py-2 pr-4 font-medium">Data</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => {
                  const w = v.dataWindow as unknown as {
                    users: number;
                    snippets: number;
                    trainQueries: number;
                    testQueries: number;
                  };
                  return (
                    <tr key={v.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                      <td className="py-2 pr-4">{dateTime.format(new Date(v.createdAt))}</td>
                      <td className="py-2 pr-4">
                        <span
                          className={`rounded px-1.5 py-0.5 text-xs font-medium ${v.status === "active" ? "bg-emerald-100 text-emerald-900" : "bg-slate-100 text-slate-700"}`}
                        >
                          {v.status}
                        </span>
                        <div className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-400">
                          {v.reason}
                        </div>
                      </td>
                      <td className="py-2 pr-4 font-semibold tabular-nums">{fmt(v.metrics.ndcg?.model)}</td>
                      <td className="py-2 pr-4 tabular-nums">{fmt(v.metrics.ndcg?.weakestKeyHeuristic)}</td>
                      <td className="py-2 pr-4 tabular-nums">{fmt(v.metrics.ndcg?.difficultyMatch)}</td>
                      <td className="py-2 pr-4 tabular-nums">{fmt(v.metrics.ndcg?.random)}</td>
                      <td className="py-2 pr-4 text-xs">
                        {w.users} typists · {w.snippets} snippets · {w.trainQueries} train / {w.testQueries}{" "}
                        hold-out sessions · {v.trees} trees
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
