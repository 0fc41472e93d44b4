import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { answerClimbErrors, climberFor } from "~/modules/climb/climb-errors.server";
import { sessionCreateSchema, sessionListQuerySchema } from "~/modules/climb/schemas";
import { createSession, listSessions, sessionJson } from "~/modules/climb/sessions.server";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const query = parseQuery(request, sessionListQuerySchema);
  return answerClimbErrors(async () => {
    const sessions = await listSessions(climberFor(user, query.user_id), query.limit);
    return json({ sessions: sessions.map(sessionJson) });
  });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, sessionCreateSchema);
  return answerClimbErrors(async () =>
    json(sessionJson(await createSession(user.id, input)), { status: 201 }),
  );
});
