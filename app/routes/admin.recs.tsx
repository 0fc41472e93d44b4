import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { Button, Card, Notice } from "~/components/ui/field";
import { requireAdmin } from "~/lib/auth.server";
import { requestReindex, requestTraining } from "~/modules/recs/model-training.server";
import { recsModelReport } from "~/modules/recs/model-report.server";
import type { ListMetrics, TrainingMetrics } from "~/modules/recs/model-training";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return recsModelReport();
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const intent = (await request.formData()).get("intent");
  if (intent === "reindex") {
    const id = await requestReindex("manual");
    return { message: id ? `Reindex queued (job ${id}).` : "A reindex was queued moments ago." };
  }
  const id = await requestTraining("manual");
  return { message: id ? `Training queued (job ${id}).` : "A training run was queued moments ago." };
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const ndcg = (m: ListMetrics | undefined) => (m ? m.ndcg.toFixed(4) : "–");

export default function AdminRecs() {
  const report = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revalidator = useRevalidator();
  const jobs = [...report.jobs.train, ...report.jobs.reindex];
  const running = jobs.some((j) => j.state === "created" || j.state === "active" || j.state === "retry");
  // While a job runs, follow its progress.
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(id);
  }, [running, revalidator]);
  return (
    <div className="space-y-6">
      <Notice message={result?.message} />
      <Card title="Library recommender">
        <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">
          Training fits a two-tower retrieval model (user: cohort and recent history; item: id, tags, type,
          difficulty) and a LambdaMART ranker on the library&apos;s events, holding out each user&apos;s most
          recent fifth. A version is activated only if its served list beats the baseline feed and the active
          model on NDCG@10 for the same users; its item index is built first. Runs nightly at 03:00 UTC.
          Reindex re-embeds the catalog (new items from their features) with the active model; above{" "}
          {report.ann_threshold.toLocaleString("en")} items it builds an HNSW graph.
        </p>
        <p className="mb-4 text-sm" data-testid="recs-serving">
          Serving: <strong>{report.serving.model}</strong>
          {report.serving.index_kind
            ? ` from ${report.serving.index_kind === "hnsw" ? "an HNSW" : "an exact"} index of ${report.serving.items} items`
            : " (no trained model is active)"}
        </p>
        <div className="flex gap-3">
          <Form method="post">
            <Button type="submit" name="intent" value="train">
              Train now
            </Button>
          </Form>
          <Form method="post">
            <Button type="submit" name="intent" value="reindex">
              Reindex now
            </Button>
          </Form>
        </div>
      </Card>
      <Card title="Jobs">
        {jobs.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No training or reindex job yet.</p>
        ) : (
          <ul className="space-y-2 text-sm" aria-label="Recent recs jobs">
            {jobs
              .sort((a, b) => b.created_at.localeCompare(a.created_at))
              .slice(0, 6)
              .map((j) => (
                <li key={j.id} data-testid="recs-job">
                  <span className="font-medium">{j.queue}</span> · {j.state}
                  {j.progress !== null && j.state !== "completed" ? (
                    <progress
                      className="mx-2 align-middle"
                      max={1}
                      value={j.progress}
                      aria-label="progress"
                    />
                  ) : null}
                  {j.message ? (
                    <span className="text-slate-600 dark:text-slate-400"> · {j.message}</span>
                  ) : null}
                  <span className="text-slate-500"> · {dateTime.format(new Date(j.created_at))}</span>
                </li>
              ))}
          </ul>
        )}
      </Card>
      <Card title="Versions">
        {report.models.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No model trained yet: the feed is the baseline.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Recommender versions with validation NDCG@10</caption>
              <thead>
                <tr className="text-slate-600 dark:text-slate-400">
                  <th className="py-2 pr-4 font-medium">Version</th>
                  <th className="py-2 pr-4 font-medium">Status</th>
                  <th className="py-2 pr-4 font-medium">Served list</th>
                  <th className="py-2 pr-4 font-medium">Two-tower</th>
                  <th className="py-2 pr-4 font-medium">+ ranker</th>
                  <th className="py-2 pr-4 font-medium">Baseline</th>
                  <th className="py-2 pr-4 font-medium">Data</th>
                </tr>
              </thead>
              <tbody>
                {report.models.map((m) => {
                  const metrics = m.metrics as unknown as TrainingMetrics;
                  return (
                    <tr key={m.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                      <td className="py-2 pr-4">
                        v{m.version}
                        <div className="text-xs text-slate-500">
                          {dateTime.format(new Date(m.trained_at))}
                        </div>
                      </td>
                      <td className="py-2 pr-4">
                        <span
                          className={`rounded px-1.5 py-0.5 text-xs font-medium ${m.status === "active" ? "bg-emerald-100 text-emerald-900" : "bg-slate-100 text-slate-700"}`}
                        >
                          {m.status}
                        </span>
                        <div className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-400">
                          {m.decision}
                        </div>
                      </td>
                      <td className="py-2 pr-4">{ndcg(metrics.served)}</td>
                      <td className="py-2 pr-4">{ndcg(metrics.twoTower)}</td>
                      <td className="py-2 pr-4">
                        {ndcg(metrics.twoTowerRanker)}
                        <div className="text-xs text-slate-500">
                          {metrics.rankerKept ? "kept" : "not kept"}
                        </div>
                      </td>
                      <td className="py-2 pr-4">{ndcg(metrics.baseline)}</td>
                      <td className="py-2 pr-4 text-xs text-slate-600 dark:text-slate-400">
                        {metrics.trainInteractions} train / {metrics.validationInteractions} held-out
                        interactions; {metrics.evalUsers} users scored
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-slate-500">NDCG@10 on each run&apos;s held-out users.</p>
          </div>
        )}
      </Card>
      <Card title="Indexes">
        {report.indexes.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No index built yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Item vector indexes</caption>
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th className="py-2 pr-4 font-medium">Model</th>
                <th className="py-2 pr-4 font-medium">Kind</th>
                <th className="py-2 pr-4 font-medium">Items</th>
                <th className="py-2 pr-4 font-medium">Recall@10 vs exact</th>
                <th className="py-2 pr-4 font-medium">Build</th>
                <th className="py-2 pr-4 font-medium">Built</th>
              </tr>
            </thead>
            <tbody>
              {report.indexes.map((i) => (
                <tr key={i.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-2 pr-4">v{i.model_version}</td>
                  <td className="py-2 pr-4">
                    {i.kind} · {i.dim} dims
                  </td>
                  <td className="py-2 pr-4">{i.items.toLocaleString("en")}</td>
                  <td className="py-2 pr-4">{i.recall_at_10.toFixed(3)}</td>
                  <td className="py-2 pr-4">{(i.build_ms / 1000).toFixed(1)} s</td>
                  <td className="py-2 pr-4">{dateTime.format(new Date(i.built_at))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
