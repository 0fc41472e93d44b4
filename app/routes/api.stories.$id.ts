import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { deleteStory, getStory, serializeStory } from "~/modules/stories/stories.server";

const idParams = z.object({ id: z.uuid() });

export const loader = apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { id } = parseParams(params, idParams);
  const story = await getStory(user.id, id);
  if (!story) return problem(404, { detail: "No such story of yours" });
  return json({ story: serializeStory(story) });
});

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(["GET", "DELETE"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, idParams);
  if (!(await deleteStory(user.id, id))) return problem(404, { detail: "No such story of yours" });
  return new Response(null, { status: 204 });
});
