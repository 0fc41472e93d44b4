import { apiRoute, methodNotAllowed } from "~/lib/api.server";
import { analyticsLoader } from "~/modules/learn/analytics/analytics-route.server";
import { errors } from "~/modules/learn/analytics/analytics.server";
import { errorsQuerySchema } from "~/modules/learn/analytics/schemas";

export const loader = analyticsLoader(errorsQuerySchema, (learner, query) => errors(learner, query.days));
export const action = apiRoute(async () => methodNotAllowed(["GET"]));
