import { logger } from "../app/lib/logger.server.ts";
import { sweepUnenriched } from "../app/modules/typing/telemetry.server.ts";

/** Every 5 minutes: re-enqueue telemetry whose enrichment was never enqueued (or lost), so nothing is dropped. */
export async function typingSweep(): Promise<void> {
  const queued = await sweepUnenriched();
  if (queued > 0) logger().info({ job: "typing.sweep", queued }, "re-enqueued unenriched telemetry");
}
