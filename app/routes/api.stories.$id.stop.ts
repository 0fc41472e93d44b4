import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { stopRunning } from "~/modules/stories/running-stories.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, z.object({ id: z.uuid() }));
  if (!stopRunning(id, user.id))
    return problem(404, { detail: "No story of yours is being written with that id here" });
  return json({ stopping: true }, { status: 202 });
});
