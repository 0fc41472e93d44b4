import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { checkAchievements } from "~/modules/learn/achievements/achievements.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  return json({ unlocked: await checkAchievements(user.id) });
});
