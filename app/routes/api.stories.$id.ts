import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { syncStoryCatalogItem } from "~/modules/recs/cross-module-catalog.server";
import { storyIdParams } from "~/modules/stories/api-contract";
import { deleteStory, getStory, serializeStory } from "~/modules/stories/stories.server";

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
  if (!(await deleteStory(user.id, id))) return problem(404, { detail: "No such story of yours" });
  // A shared story leaves the library with it.
  await syncStoryCatalogItem(id);
  return new Response(null, { status: 204 });
});
