import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { storyIdParams } from "~/modules/stories/api-contract";
import { getStory, serializeStory } from "~/modules/stories/stories.server";
import { deleteFromEverywhere } from "~/modules/stories/story-library.server";

export const loader = apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { id } = parseParams(params, storyIdParams);
  const story = await getStory(user.id, id);
  if (!story) return problem(404, { detail: "No such story of yours" });
  return json({ story: serializeStory(story) });
});

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(["GET", "DELETE"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, storyIdParams);
  // A shared story leaves the library with it.
  if (!(await deleteFromEverywhere(user.id, id))) return problem(404, { detail: "No such story of yours" });
  return new Response(null, { status: 204 });
});
