import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { markRead } from "~/modules/learn/notifications.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, z.object({ id: z.uuid() }));
  if (!(await markRead(user.id, id))) throw problem(404, { detail: "No such notification" });
  return json({ id, read: true });
});
