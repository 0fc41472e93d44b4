import { apiRoute, methodNotAllowed } from "~/lib/api.server";
import { analyticsLoader } from "~/modules/learn/analytics/analytics-route.server";
import { summary } from "~/modules/learn/analytics/analytics.server";
import { analyticsQuerySchema } from "~/modules/learn/analytics/schemas";

export const loader = analyticsLoader(analyticsQuerySchema, (learner) => summary(learner));
export const action = apiRoute(async () => methodNotAllowed(["GET"]));
