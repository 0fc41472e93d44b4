import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, parseParams } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerClimbErrors } from "~/modules/climb/climb-errors.server";
import { sessionCompleteSchema, sessionParamsSchema } from "~/modules/climb/schemas";
import { completeSession, sessionJson } from "~/modules/climb/sessions.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, sessionParamsSchema);
  const input = await parseJsonBody(request, sessionCompleteSchema);
  return answerClimbErrors(async () => json(sessionJson(await completeSession(user, id, input))));
});
