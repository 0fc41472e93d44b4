import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { listNotifications, unreadCount } from "~/modules/notifications/notifications.server";
import { listQuerySchema } from "~/modules/notifications/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { unread, kind, limit } = parseQuery(request, listQuerySchema);
  const [notifications, unreadTotal] = await Promise.all([
    listNotifications(user.id, { unreadOnly: unread, kind, limit }),
    unreadCount(user.id),
  ]);
  return json({ notifications, unread_count: unreadTotal });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
