import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { tokenIdParams } from "~/modules/auth/api-contract";
import { revokeApiToken } from "~/modules/auth/api-tokens.server";

export const loader = apiRoute(async () => methodNotAllowed(["DELETE"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, tokenIdParams);
  if (!(await revokeApiToken(user.id, id))) return problem(404, { detail: "No such active token of yours" });
  return new Response(null, { status: 204 });
});
