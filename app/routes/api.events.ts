import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { RecsError, ingestEvents } from "~/modules/recs/events.server";
import { eventsBodySchema } from "~/modules/recs/schemas";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const body = await parseJsonBody(request, eventsBodySchema);
  const batch = Array.isArray(body);
  try {
    return json(await ingestEvents(user, batch ? body : [body], batch));
  } catch (error) {
    if (error instanceof RecsError)
      return problem(error.status, { detail: error.detail, errors: error.errors });
    throw error;
  }
});
