import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerLearnErrors } from "~/modules/learn/learner-access.server";
import { sessionSchema } from "~/modules/learn/tutor/tutor-schemas";
import { createSession, listSessions, tutorMode } from "~/modules/learn/tutor/tutor.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return json({ sessions: await listSessions(user.id), tutor: tutorMode() });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, sessionSchema);
  return answerLearnErrors(async () => json(await createSession(user.id, input), { status: 201 }));
});
