import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { requestOptimization } from "~/modules/learn/optimize-requests.server";
import { getProfile } from "~/modules/learn/profile.server";
import { learnerParamsSchema } from "~/modules/learn/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await requireAdmin(request);
  const { userId } = parseParams(params, learnerParamsSchema);
  if (!(await getProfile(userId))) throw problem(404, { detail: "No learner profile for this user" });
  return json({ jobId: await requestOptimization(userId) }, { status: 202 });
});
