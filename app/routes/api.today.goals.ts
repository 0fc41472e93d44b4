import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { getGoals, goalsJson, saveGoals } from "~/modules/today/goals.server";
import { goalsSchema } from "~/modules/today/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return json({ goals: goalsJson(await getGoals(user.id)) });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, goalsSchema);
  return json({ goals: goalsJson(await saveGoals(user.id, input)) });
});
