import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { jobStatus } from "~/modules/admin/jobs.server";

export const loader = apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  const { id } = parseParams(params, z.object({ id: z.uuid() }));
  const status = await jobStatus(id);
  return status ? json(status) : problem(404, { detail: "No such job" });
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
