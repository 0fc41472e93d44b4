import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { recordCatalogActivity } from "~/modules/recs/module-activity.server";
import { packCatalogKey } from "~/modules/typing/lesson-packs";
import { telemetrySchema } from "~/modules/typing/schemas";
import { ingestTelemetry, TelemetryReferenceError } from "~/modules/typing/telemetry.server";

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
    const result = await ingestTelemetry(input.user_state.user_id, input);
    // A snippet finished in a lesson pack counts as practising the pack's library item (once a day).
    if (input.pack)
      await recordCatalogActivity(input.user_state.user_id, packCatalogKey(input.pack), "complete");
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
