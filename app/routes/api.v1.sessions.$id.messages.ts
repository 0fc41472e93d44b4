import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, parseParams } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors } from "~/modules/learn/learner-access.server";
import { messageSchema, sessionParamsSchema } from "~/modules/learn/tutor/tutor-schemas";
import { postMessage } from "~/modules/learn/tutor/tutor.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, sessionParamsSchema);
  const input = await parseJsonBody(request, messageSchema);
  return answerLearnErrors(async () => {
    const result = await postMessage(user.id, id, input, undefined, request.signal);
    return json(result, { status: result.duplicate ? 200 : 201 });
  });
});
