import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { todayPlan } from "~/modules/today/today.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return json(await todayPlan(user), { headers: { "Cache-Control": "private, no-store" } });
});
