import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerClimbErrors, climberFor } from "~/modules/climb/climb-errors.server";
import { generateRecommendation } from "~/modules/climb/recommendations.server";
import { recommendationRequestSchema } from "~/modules/climb/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, recommendationRequestSchema);
  return answerClimbErrors(async () =>
    json(await generateRecommendation(climberFor(user, input.user_id), input)),
  );
});
