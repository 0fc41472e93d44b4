import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { recsModelReport } from "~/modules/recs/model-report.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return json(await recsModelReport());
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
