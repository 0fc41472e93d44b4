import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { populationCacheJson } from "~/modules/climb/model.server";
import { listRuns } from "~/modules/climb/model-report.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return json({ runs: await listRuns(), population_cache: populationCacheJson() });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
