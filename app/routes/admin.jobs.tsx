import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { Button, Card, FormError, Notice } from "~/components/ui/field";
import { requireAdmin } from "~/lib/auth.server";
import { parseForm } from "~/lib/forms.server";
import { JOB_STATES } from "~/modules/admin/job-states";
import {
  cancelJob,
  queueSummaries,
  recentFailures,
  retryJob,
  runNow,
  UnknownQueueError,
} from "~/modules/admin/jobs.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [queues, failures] = await Promise.all([queueSummaries(), recentFailures()]);
  return {
    queues,
    failures: failures.map((f) => ({
      ...f,
      createdOn: f.createdOn.toISOString(),
      completedOn: f.completedOn?.toISOString() ?? null,
    })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["retry", "cancel"]), queue: z.string().min(1).max(200), id: z.uuid() }),
  z.object({ intent: z.literal("run-now"), queue: z.string().min(1).max(200) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const form = await parseForm(request, schema);
  if (!form.ok)
    return data({ message: null, error: Object.values(form.errors).flat().join(" ") }, { status: 400 });
  try {
    const f = form.data;
    if (f.intent === "run-now") {
      const id = await runNow(f.queue);
      return { message: `Queued ${f.queue} (job ${id ?? "deduplicated"})`, error: null };
    }
    const ok = f.intent === "retry" ? await retryJob(f.queue, f.id) : await cancelJob(f.queue, f.id);
    if (!ok)
      return data(
        {
          message: null,
          error: `Job ${f.id} could not be ${f.intent === "retry" ? "retried" : "cancelled"} in its current state`,
        },
        { status: 409 },
      );
    return { message: `${f.intent === "retry" ? "Retrying" : "Cancelled"} job ${f.id}`, error: null };
  } catch (error) {
    if (error instanceof UnknownQueueError)
      return data({ message: null, error: error.message }, { status: 404 });
    throw error;
  }
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "short", timeStyle: "medium" });

export default function AdminJobs() {
  const { queues, failures } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revalidator = useRevalidator();
  // Live counts: refresh every 5 s while the page is open and visible.
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 5000);
    return () => clearInterval(id);
  }, [revalidator]);
  return (
    <div className="space-y-6">
      <FormError message={result?.error} />
      <Notice message={result?.message} />
      <Card title="Queues">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Jobs per queue and state</caption>
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th className="py-2 font-medium">Queue</th>
                {JOB_STATES.map((s) => (
                  <th key={s} className="py-2 font-medium">
                    {s}
                  </th>
                ))}
                <th className="py-2 font-medium">Schedule (UTC)</th>
                <th className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queues.map((q) => (
                <tr key={q.name} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-2">
                    <div className="font-mono text-xs">{q.name}</div>
                    <div className="text-xs text-slate-600 dark:text-slate-400">{q.description}</div>
                  </td>
                  {JOB_STATES.map((s) => (
                    <td
                      key={s}
                      className={`py-2 ${s === "failed" && q.counts[s] ? "font-semibold text-red-700 dark:text-red-400" : ""}`}
                    >
                      {q.counts[s]}
                    </td>
                  ))}
                  <td className="py-2 font-mono text-xs">{q.cron ?? "—"}</td>
                  <td className="py-2 text-right">
                    {q.deadLetter ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="run-now" />
                        <input type="hidden" name="queue" value={q.name} />
                        <Button type="submit" variant="secondary">
                          Run now
                        </Button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Recent failures">
        {failures.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No failed jobs.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {failures.map((f) => (
              <li key={f.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-mono text-xs">
                    {f.name} · {f.id}
                  </p>
                  <p className="text-red-800 dark:text-red-300">{f.error}</p>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    {f.state === "failed" ? "out of retries" : "waiting to retry"} · created{" "}
                    {dateTime.format(new Date(f.createdOn))}
                    {f.completedOn ? ` · failed ${dateTime.format(new Date(f.completedOn))}` : ""} ·{" "}
                    {f.retryCount} retries
                  </p>
                </div>
                <div className="flex gap-2">
                  {[f.state === "failed" ? ("retry" as const) : ("cancel" as const)].map((intent) => (
                    <Form method="post" key={intent}>
                      <input type="hidden" name="intent" value={intent} />
                      <input type="hidden" name="queue" value={f.name} />
                      <input type="hidden" name="id" value={f.id} />
                      <Button type="submit" variant={intent === "retry" ? "primary" : "secondary"}>
                        {intent === "retry" ? "Retry" : "Cancel"}
                      </Button>
                    </Form>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
