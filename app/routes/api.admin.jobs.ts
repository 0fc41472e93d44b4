import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, problem } from "~/lib/api.server";
import { requireAdmin } from "~/lib/auth.server";
import { jobCommandSchema } from "~/modules/admin/api-contract";
import { cancelJob, retryJob, UnknownQueueError } from "~/modules/admin/jobs.server";

export const loader = apiRoute(async () => methodNotAllowed(["POST"]));

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await requireAdmin(request);
  const command = await parseJsonBody(request, jobCommandSchema);
  try {
    const ok =
      command.action === "retry"
        ? await retryJob(command.queue, command.id)
        : await cancelJob(command.queue, command.id);
    if (!ok)
      return problem(409, {
        detail: `The job cannot be ${command.action === "retry" ? "retried" : "cancelled"} in its current state`,
      });
    return json({ ok: true });
  } catch (error) {
    if (error instanceof UnknownQueueError) return problem(404, { detail: error.message });
    throw error;
  }
});
