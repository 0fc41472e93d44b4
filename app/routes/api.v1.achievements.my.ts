import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { myAchievements } from "~/modules/learn/achievements/achievements.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return json(await myAchievements(user.id));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
