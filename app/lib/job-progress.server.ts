import { sql } from "drizzle-orm";
import { db } from "../../db/client.ts";
import { jobProgress } from "../../db/schema/index.ts";

/**
 * Long jobs report how far they are (0–1 and a short message) so the admin API can show it; writes are
 * throttled to one a second per job, except the final one.
 */
const lastWrite = new Map<string, number>();

export async function reportProgress(
  jobId: string,
  queue: string,
  fraction: number,
  message = "",
): Promise<void> {
  const now = Date.now();
  if (fraction < 1 && now - (lastWrite.get(jobId) ?? 0) < 1_000) return;
  lastWrite.set(jobId, now);
  if (fraction >= 1) lastWrite.delete(jobId);
  const values = { fraction: Math.max(0, Math.min(1, fraction)), message, updatedAt: new Date() };
  await db()
    .insert(jobProgress)
    .values({ jobId, queue, ...values })
    .onConflictDoUpdate({ target: jobProgress.jobId, set: { ...values, updatedAt: sql`now()` } });
}
