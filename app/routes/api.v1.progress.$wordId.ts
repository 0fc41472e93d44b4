import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors, learnerFor } from "~/modules/learn/learner-access.server";
import { getProgress } from "~/modules/learn/reviews.server";
import { progressParamsSchema, progressQuerySchema } from "~/modules/learn/schemas";

export const loader = apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { wordId } = parseParams(params, progressParamsSchema);
  const learner = learnerFor(user, parseQuery(request, progressQuerySchema).user_id);
  return answerLearnErrors(async () => json(await getProgress(learner, wordId)));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
