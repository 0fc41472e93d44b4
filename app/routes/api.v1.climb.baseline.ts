import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { baselineJson, getBaseline, saveBaseline } from "~/modules/climb/baseline.server";
import { answerClimbErrors } from "~/modules/climb/climb-errors.server";
import { baselineSchema } from "~/modules/climb/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const baseline = await getBaseline(user.id);
  if (!baseline) return problem(404, { detail: "No baseline assessment yet: PUT one first" });
  return json(baselineJson(baseline));
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, baselineSchema);
  return answerClimbErrors(async () => json(baselineJson(await saveBaseline(user.id, input))));
});
