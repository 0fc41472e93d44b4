import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors } from "~/modules/learn/learner-access.server";
import { sessionParamsSchema } from "~/modules/learn/tutor/tutor-schemas";
import { getSession } from "~/modules/learn/tutor/tutor.server";

export const loader = apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { id } = parseParams(params, sessionParamsSchema);
  return answerLearnErrors(async () => json(await getSession(user.id, id, user.role === "admin")));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
