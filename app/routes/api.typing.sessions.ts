import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { startSessionSchema } from "~/modules/typing/schemas";
import { recentSessions, serializeSession, startSession } from "~/modules/typing/sessions.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return json({ sessions: (await recentSessions(user.id)).map(serializeSession) });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const user = await requireUser(request);
  const { mode } = await parseJsonBody(request, startSessionSchema);
  return json({ session: serializeSession(await startSession(user.id, mode)) }, { status: 201 });
});
