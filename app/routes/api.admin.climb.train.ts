import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { requestNightlyFit } from "~/modules/climb/training-requests.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

/** Queues the full hierarchical fit now; progress shows in GET /api/admin/climb/runs and /api/admin/jobs/:id. */
export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await requireAdmin(request);
  return json({ jobId: await requestNightlyFit() }, { status: 202 });
});
