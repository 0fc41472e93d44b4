import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, parseQuery, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { RecsError } from "~/modules/recs/events.server";
import { recommendationsFor } from "~/modules/recs/recommend.server";
import { recommendParamsSchema, recommendQuerySchema } from "~/modules/recs/schemas";

export const loader = apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { userId } = parseParams(params, recommendParamsSchema);
  const { k } = parseQuery(request, recommendQuerySchema);
  try {
    return json(await recommendationsFor(user, userId, k));
  } catch (error) {
    if (error instanceof RecsError)
      return problem(error.status, { detail: error.detail, errors: error.errors });
    throw error;
  }
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
