import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { requestReindex } from "~/modules/recs/model-training.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

/** Queues recs.reindex over the current catalog; follow it with GET /api/admin/jobs/:id. */
export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await requireAdmin(request);
  return json({ jobId: await requestReindex("manual") }, { status: 202 });
});
