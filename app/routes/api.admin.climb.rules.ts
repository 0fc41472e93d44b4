import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { createRule, listAllRules, ruleJson, rulesCacheJson } from "~/modules/climb/rules.server";
import { ruleSchema } from "~/modules/climb/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return json({ rules: (await listAllRules()).map(ruleJson), cache: rulesCacheJson() });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const admin = await requireAdmin(request);
  const input = await parseJsonBody(request, ruleSchema);
  return json(ruleJson(await createRule(input, admin.id)), { status: 201 });
});
