import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { listNotifications } from "~/modules/learn/notifications.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return json({ notifications: await listNotifications(user.id) });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
