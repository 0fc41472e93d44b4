import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { queueSummaries, recentFailures } from "~/modules/admin/jobs.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  const [queues, failures] = await Promise.all([queueSummaries(), recentFailures()]);
  return json({
    queues,
    failures: failures.map((f) => ({
      ...f,
      createdOn: f.createdOn.toISOString(),
      completedOn: f.completedOn?.toISOString() ?? null,
    })),
  });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
