import type { PgBoss } from "pg-boss";
import { queueSummaries } from "../modules/admin/jobs.server.ts";
import { metrics } from "./metrics.server.ts";

/** Refreshes the per-queue job gauges from Postgres just before /metrics is scraped. */
export async function collectQueueMetrics(_boss: PgBoss): Promise<void> {
  const gauge = metrics().jobQueueSize;
  for (const q of await queueSummaries()) {
    for (const [state, n] of Object.entries(q.counts)) gauge.set({ queue: q.name, state }, n);
  }
}
