import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { storyIdParams } from "~/modules/stories/api-contract";
import { saveStory, serializeStory } from "~/modules/stories/stories.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, storyIdParams);
  const story = await saveStory(user.id, id);
  if (!story)
    return problem(404, { detail: "No such story of yours (a story is stored once it is finished)" });
  return json({ story: serializeStory(story) });
});
