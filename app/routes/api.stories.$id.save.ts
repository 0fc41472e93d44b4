import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, parseParams, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { storyIdParams } from "~/modules/stories/api-contract";
import { saveBodySchema } from "~/modules/stories/schemas";
import { serializeStory } from "~/modules/stories/stories.server";
import { saveAndShare } from "~/modules/stories/story-library.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

/** Saves a story; the optional JSON body `{ "shared": boolean }` shares it in the library or stops sharing it. */
export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const { id } = parseParams(params, storyIdParams);
  // No body at all (the original call) saves without touching sharing.
  const body = request.headers.get("content-type") ? await parseJsonBody(request, saveBodySchema) : {};
  const story = await saveAndShare(user.id, id, { shared: body.shared });
  if (!story)
    return problem(404, { detail: "No such story of yours (a story is stored once it is finished)" });
  return json({ story: serializeStory(story) });
});
