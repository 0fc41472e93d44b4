import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { activityFeed } from "~/modules/today/activity.server";
import { activityQuerySchema } from "~/modules/today/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { days } = parseQuery(request, activityQuerySchema);
  return json(await activityFeed(user.id, days));
});
