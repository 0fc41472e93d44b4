import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, Notice } from "~/components/ui/field";
import { requireAdmin } from "~/lib/auth.server";
import { runNow } from "~/modules/admin/jobs.server";
import { optimizationOverview } from "~/modules/learn/optimize.server";
import { requestOptimization } from "~/modules/learn/optimize-requests.server";
import { getProfile } from "~/modules/learn/profile.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { learners: await optimizationOverview() };
}

const intent = z.union([
  z.object({ intent: z.literal("all") }),
  z.object({ intent: z.literal("one"), userId: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const parsed = intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { message: "Unknown request." };
  if (parsed.data.intent === "all") {
    await runNow("learn.optimize-fsrs");
    return {
      message: "Queued a run for every learner with new reviews. Refresh in a moment to see the results.",
    };
  }
  if (!(await getProfile(parsed.data.userId))) return { message: "That user has no learner profile." };
  const id = await requestOptimization(parsed.data.userId);
  return {
    message: id
      ? "Queued. Refresh in a moment to see the result."
      : "A run for this learner was queued within the last minute; it will show shortly.",
  };
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const f4 = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toFixed(4));

/** Two figures side by side, the better one bold: lower is better unless `higher`. */
function Pair({
  fitted,
  current,
  higher,
}: {
  fitted?: number | null;
  current?: number | null;
  higher?: boolean;
}) {
  const fittedWins =
    fitted !== null && fitted !== undefined && current !== null && current !== undefined
      ? higher
        ? fitted > current
        : fitted < current
      : false;
  return (
    <span className="tabular-nums">
      <span className={fittedWins ? "font-semibold" : ""}>{f4(fitted)}</span>
      <span className="text-slate-500"> / </span>
      <span className={fittedWins ? "" : "font-semibold"}>{f4(current)}</span>
    </span>
  );
}

export default function AdminLearn() {
  const { learners } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <Notice message={result?.message} />
      <Card title="Personal FSRS weights">
        <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">
          Each run fits a learner&apos;s FSRS-6 weights with the FSRS optimiser on the earliest 80% of their
          reviews, then predicts the most recent 20% with the fitted weights and with the weights in use. The
          fit is adopted only if its log loss is lower and its RMSE(bins) no higher. Runs weekly (Sunday 03:00
          UTC) for everyone with new reviews, and after every 200 reviews.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="all" />
          <Button type="submit">Optimise everyone with new reviews</Button>
        </Form>
      </Card>
      <Card title="Learners">
        {learners.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No one has started learning French yet.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">
                Each learner&apos;s latest optimisation: fitted against in-use weights on held-out reviews
              </caption>
              <thead>
                <tr className="text-slate-600 dark:text-slate-400">
                  <th className="py-2 pr-4 font-medium">Learner</th>
                  <th className="py-2 pr-4 font-medium">Reviews</th>
                  <th className="py-2 pr-4 font-medium">Weights</th>
                  <th className="py-2 pr-4 font-medium">Last run</th>
                  <th className="py-2 pr-4 font-medium">Log loss fitted / in use</th>
                  <th className="py-2 pr-4 font-medium">RMSE(bins) fitted / in use</th>
                  <th className="py-2 pr-4 font-medium">AUC fitted / in use</th>
                  <th className="py-2 pr-4 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {learners.map((l) => (
                  <tr key={l.userId} className="border-t border-slate-100 align-top dark:border-slate-800">
                    <td className="py-2 pr-4">
                      <div className="font-medium">{l.displayName}</div>
                      <div className="text-xs text-slate-600 dark:text-slate-400">{l.email}</div>
                    </td>
                    <td className="py-2 pr-4 tabular-nums">
                      {l.totalReviews}
                      <div className="text-xs text-slate-600 dark:text-slate-400">
                        {l.reviewsSinceOptimized} since last run
                      </div>
                    </td>
                    <td className="py-2 pr-4">{l.personalWeights ? "personal" : "default"}</td>
                    <td className="py-2 pr-4">
                      {l.runAt ? (
                        <>
                          <div>{dateTime.format(new Date(l.runAt))}</div>
                          <span
                            className={`rounded px-1.5 py-0.5 text-xs font-medium ${l.adopted ? "bg-emerald-100 text-emerald-900" : "bg-slate-100 text-slate-700"}`}
                          >
                            {l.adopted ? "adopted" : "kept"}
                          </span>
                          <div className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-400">
                            {l.reason}
                            {l.testReviews
                              ? ` Trained on ${l.trainReviews}, tested on ${l.testReviews}.`
                              : ""}
                          </div>
                        </>
                      ) : (
                        <span className="text-slate-600 dark:text-slate-400">never</span>
                      )}
                    </td>
                    <td className="py-2 pr-4">
                      <Pair fitted={l.metrics?.fitted?.logLoss} current={l.metrics?.current?.logLoss} />
                      {l.metrics?.default ? (
                        <div className="text-xs text-slate-600 dark:text-slate-400">
                          defaults {f4(l.metrics.default.logLoss)}
                        </div>
                      ) : null}
                    </td>
                    <td className="py-2 pr-4">
                      <Pair fitted={l.metrics?.fitted?.rmseBins} current={l.metrics?.current?.rmseBins} />
                    </td>
                    <td className="py-2 pr-4">
                      <Pair fitted={l.metrics?.fitted?.auc} current={l.metrics?.current?.auc} higher />
                    </td>
                    <td className="py-2 pr-4">
                      <Form method="post">
                        <input type="hidden" name="intent" value="one" />
                        <input type="hidden" name="userId" value={l.userId} />
                        <Button type="submit" aria-label={`Optimise ${l.displayName} now`}>
                          Optimise now
                        </Button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
