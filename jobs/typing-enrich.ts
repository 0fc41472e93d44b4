import type { Job } from "pg-boss";
import { enrichRaw } from "../app/modules/typing/enrichment.server.ts";

/**
 * Each job names one raw telemetry row; enrichment is idempotent, so a retried batch is safe. pg-boss fails
 * or completes a batch as a whole, so every job is tried before the batch fails: one bad row must not leave
 * the rows after it unenriched (their retries then find them done).
 */
export async function typingEnrich(jobs: Job<unknown>[]): Promise<void> {
  const failures: string[] = [];
  for (const job of jobs) {
    const { rawId } = job.data as { rawId?: unknown };
    try {
      if (typeof rawId !== "string") throw new Error("no rawId");
      await enrichRaw(rawId);
    } catch (error) {
      failures.push(`job ${job.id}: ${(error as Error).message}`);
    }
  }
  if (failures.length)
    throw new Error(`typing.enrich: ${failures.length} of ${jobs.length} failed: ${failures.join("; ")}`);
}
