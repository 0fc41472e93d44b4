import { apiRoute, methodNotAllowed } from "~/lib/api.server";
import { analyticsLoader } from "~/modules/learn/analytics/analytics-route.server";
import { vocabulary } from "~/modules/learn/analytics/analytics.server";
import { analyticsQuerySchema } from "~/modules/learn/analytics/schemas";

export const loader = analyticsLoader(analyticsQuerySchema, (learner) => vocabulary(learner));
export const action = apiRoute(async () => methodNotAllowed(["GET"]));
