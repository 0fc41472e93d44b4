import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { userIdParams } from "~/modules/admin/api-contract";
import { revokeAllSessions } from "~/modules/auth/sessions.server";

export const loader = apiRoute(async () => methodNotAllowed(["DELETE"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
  await requireAdmin(request);
  const { id } = parseParams(params, userIdParams);
  return json({ revoked: await revokeAllSessions(id) });
});
