import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { modelVersions } from "~/modules/typing/training.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return json({ versions: await modelVersions() });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
