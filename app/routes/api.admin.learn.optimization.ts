import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { runNow } from "~/modules/admin/jobs.server";
import { optimizationOverview } from "~/modules/learn/optimize.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return json({ learners: await optimizationOverview() });
});

/** A job with no learner is the weekly run: it queues everyone with reviews since their last run. */
export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  await requireAdmin(request);
  return json({ jobId: await runNow("learn.optimize-fsrs") }, { status: 202 });
});
