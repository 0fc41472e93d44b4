import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { storyIdParams } from "~/modules/stories/api-contract";
import { stopRunning } from "~/modules/stories/running-stories.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, storyIdParams);
  if (!stopRunning(id, user.id))
    return problem(404, { detail: "No story of yours is being written with that id here" });
  return json({ stopping: true }, { status: 202 });
});
