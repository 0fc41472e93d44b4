import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, parseParams, problem } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { roleChangeSchema, userIdParams } from "~/modules/admin/api-contract";
import { LastAdminError, setUserRole } from "~/modules/auth/users.server";

export const loader = apiRoute(async () => methodNotAllowed(["PATCH"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
  await requireAdmin(request);
  const { id } = parseParams(params, userIdParams);
  const { role } = await parseJsonBody(request, roleChangeSchema);
  try {
    const user = await setUserRole(id, role);
    if (!user) return problem(404, { detail: "No such user" });
    return json({ user: { id: user.id, role: user.role } });
  } catch (error) {
    if (error instanceof LastAdminError) return problem(409, { detail: error.message });
    throw error;
  }
});
