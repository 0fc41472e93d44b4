import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors, learnerFor } from "~/modules/learn/learner-access.server";
import { undoLastReview } from "~/modules/learn/reviews.server";
import { undoSchema } from "~/modules/learn/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, undoSchema);
  const learner = learnerFor(user, input.user_id);
  return answerLearnErrors(async () => json(await undoLastReview(learner)));
});
