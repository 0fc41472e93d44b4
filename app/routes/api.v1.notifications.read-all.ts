import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { markAllRead, unreadCount } from "~/modules/notifications/notifications.server";
import { readAllQuerySchema } from "~/modules/notifications/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { kind } = parseQuery(request, readAllQuerySchema);
  const marked = await markAllRead(user.id, { kind });
  return json({ marked_read: marked, unread_count: await unreadCount(user.id) });
});
