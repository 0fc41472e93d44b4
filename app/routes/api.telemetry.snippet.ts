import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { telemetrySchema } from "~/modules/typing/schemas";
import { recordTelemetry, TelemetryReferenceError } from "~/modules/typing/telemetry.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, telemetrySchema);
  if (input.user_state.user_id !== user.id && user.role !== "admin") {
    return problem(403, {
      detail: "Telemetry can only be recorded for yourself",
      errors: [{ path: "user_state.user_id", message: "Not the authenticated user" }],
    });
  }
  try {
    const result = await recordTelemetry(input.user_state.user_id, input);
    return json(result, { status: result.duplicate ? 200 : 201 });
  } catch (error) {
    if (error instanceof TelemetryReferenceError) {
      return problem(422, {
        detail: "The telemetry refers to records that do not exist",
        errors: error.fields,
      });
    }
    throw error;
  }
});
