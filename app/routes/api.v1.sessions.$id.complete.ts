import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors } from "~/modules/learn/learner-access.server";
import { sessionParamsSchema } from "~/modules/learn/tutor/tutor-schemas";
import { completeSession } from "~/modules/learn/tutor/tutor.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, sessionParamsSchema);
  return answerLearnErrors(async () => json(await completeSession(user.id, id)));
});
