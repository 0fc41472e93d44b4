import type { Job } from "pg-boss";
import { enrichRaw } from "../app/modules/typing/enrichment.server.ts";

/** Each job names one raw telemetry row; enrichment is idempotent, so a retried batch is safe. */
export async function typingEnrich(jobs: Job<unknown>[]): Promise<void> {
  for (const job of jobs) {
    const { rawId } = job.data as { rawId?: unknown };
    if (typeof rawId !== "string") throw new Error(`typing.enrich job ${job.id} has no rawId`);
    await enrichRaw(rawId);
  }
}
