import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, parseParams, problem } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { deleteRule, ruleJson, updateRule } from "~/modules/climb/rules.server";
import { ruleParamsSchema, ruleSchema } from "~/modules/climb/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["PUT", "DELETE"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  const { id } = parseParams(params, ruleParamsSchema);
  if (request.method === "DELETE") {
    if (!(await deleteRule(id))) return problem(404, { detail: "No such rule" });
    return new Response(null, { status: 204 });
  }
  if (request.method !== "PUT") return methodNotAllowed(["PUT", "DELETE"]);
  const input = await parseJsonBody(request, ruleSchema);
  const rule = await updateRule(id, input, admin.id);
  return rule ? json(ruleJson(rule)) : problem(404, { detail: "No such rule" });
});
