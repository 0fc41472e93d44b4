import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors, learnerFor } from "~/modules/learn/learner-access.server";
import { submitReview } from "~/modules/learn/reviews.server";
import { reviewSchema } from "~/modules/learn/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, reviewSchema);
  const learner = learnerFor(user, input.user_id);
  return answerLearnErrors(async () => {
    const result = await submitReview(learner, input);
    return json(result, { status: result.duplicate ? 200 : 201 });
  });
});
