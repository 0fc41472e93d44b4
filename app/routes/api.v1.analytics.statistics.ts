import { apiRoute, methodNotAllowed } from "~/lib/api.server";
import { analyticsLoader } from "~/modules/learn/analytics/analytics-route.server";
import { statistics } from "~/modules/learn/analytics/analytics.server";
import { statisticsQuerySchema } from "~/modules/learn/analytics/schemas";

export const loader = analyticsLoader(statisticsQuerySchema, (learner, query) =>
  statistics(learner, query.days),
);
export const action = apiRoute(async () => methodNotAllowed(["GET"]));
