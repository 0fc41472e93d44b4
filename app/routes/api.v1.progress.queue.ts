import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors, learnerFor } from "~/modules/learn/learner-access.server";
import { getQueue } from "~/modules/learn/reviews.server";
import { queueQuerySchema } from "~/modules/learn/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const query = parseQuery(request, queueQuerySchema);
  const learner = learnerFor(user, query.user_id);
  return answerLearnErrors(async () => json(await getQueue(learner, query.limit)));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
