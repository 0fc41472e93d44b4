import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { getProfile, profileJson, saveProfile } from "~/modules/learn/profile.server";
import { profileSchema } from "~/modules/learn/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const profile = await getProfile(user.id);
  if (!profile) return problem(404, { detail: "No learner profile yet: PUT one to choose your level" });
  return json({ profile: profileJson(profile) });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, profileSchema);
  return json({ profile: profileJson(await saveProfile(user.id, input)) });
});
