import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { listAchievements } from "~/modules/learn/achievements/achievements.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  await requireUser(request);
  return json({ achievements: await listAchievements() });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
