import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { requestTraining } from "~/modules/recs/model-training.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

/** Queues recs.train; follow it with GET /api/admin/jobs/:id, see the versions in GET /api/admin/recs/models. */
export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await requireAdmin(request);
  return json({ jobId: await requestTraining("manual") }, { status: 202 });
});
