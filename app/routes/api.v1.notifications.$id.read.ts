import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { markRead, unreadCount } from "~/modules/notifications/notifications.server";
import { notificationIdSchema } from "~/modules/notifications/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, notificationIdSchema);
  if (!(await markRead(user.id, id))) throw problem(404, { detail: "No such notification" });
  return json({ id, read: true, unread_count: await unreadCount(user.id) });
});
