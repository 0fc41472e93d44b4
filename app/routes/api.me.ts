import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAuth } from "~/lib/auth.server";
import { serializeUser } from "~/modules/auth/users.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const auth = await requireAuth(request);
  return json({ user: serializeUser(auth.user), authenticatedBy: auth.via });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
