import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json } from "~/lib/api.server";
import { apiEndpoints } from "~/lib/api-endpoints.server";
import { buildOpenApiDocument } from "~/lib/openapi.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const origin = new URL(request.url).origin;
  return json(buildOpenApiDocument(apiEndpoints, origin), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
});
