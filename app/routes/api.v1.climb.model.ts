import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerClimbErrors, climberFor } from "~/modules/climb/climb-errors.server";
import { modelJson } from "~/modules/climb/model-report.server";
import { sessionListQuerySchema } from "~/modules/climb/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { user_id } = parseQuery(request, sessionListQuerySchema.pick({ user_id: true }));
  return answerClimbErrors(async () => json(await modelJson(climberFor(user, user_id))));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
