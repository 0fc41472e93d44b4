import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerClimbErrors, climberFor } from "~/modules/climb/climb-errors.server";
import { recommendationStream } from "~/modules/climb/recommendation-stream.server";
import { recommendationRequestSchema } from "~/modules/climb/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

/** Server-Sent Events: context_loaded, prediction, recommendations, stats, done (an override ends early). */
export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, recommendationRequestSchema);
  return answerClimbErrors(async () =>
    recommendationStream(climberFor(user, input.user_id), input, request.signal),
  );
});
