import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { listQuerySchema, storyRequestSchema } from "~/modules/stories/schemas";
import { listStories, serializeStory } from "~/modules/stories/stories.server";
import { startStory } from "~/modules/stories/story-stream.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { include, limit } = parseQuery(request, listQuerySchema);
  return json({ stories: (await listStories(user.id, include, limit)).map(serializeStory) });
});

/** Streams the story as Server-Sent Events, or answers JSON with `stream: false` (api-contract.ts). */
export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, storyRequestSchema);
  return startStory(user.id, input, request.signal);
});
