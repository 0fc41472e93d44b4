import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerClimbErrors } from "~/modules/climb/climb-errors.server";
import { sessionParamsSchema } from "~/modules/climb/schemas";
import { getSession, sessionJson } from "~/modules/climb/sessions.server";

export const loader = apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { id } = parseParams(params, sessionParamsSchema);
  return answerClimbErrors(async () => json(sessionJson(await getSession(user, id))));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
