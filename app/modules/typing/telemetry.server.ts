import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { telemetrySnippetRaw } from "../../../db/schema/index.ts";
import { getBoss } from "../../../jobs/boss.ts";
import { logger } from "../../lib/logger.server.ts";
import type { TelemetryInput } from "./schemas.ts";

/**
 * Telemetry ingestion, the seed's hybrid path: the raw payload is durable in Postgres before we answer;
 * enqueueing the enrichment job is best effort, and the typing.sweep job re-enqueues anything left behind.
 */
export const ENRICH_QUEUE = "typing.enrich";

export interface IngestResult {
  status: "ok";
  raw_id: string;
  enqueued: boolean;
  job_id: string | null;
  duplicate: boolean;
}

export class TelemetryReferenceError extends Error {
  constructor(readonly fields: { path: string; message: string }[]) {
    super("telemetry refers to unknown records");
  }
}

/** Checks the snippet exists and the session is the user's, in one round trip. */
async function checkReferences(userId: string, input: TelemetryInput): Promise<void> {
  const [row] = await db().execute<{ snippet: boolean; session_owner: string | null }>(sql`
    select exists(select 1 from snippets where id = ${input.snippet.snippet_id}) as snippet,
           (select user_id from typing_sessions where id = ${input.snippet.session_id}) as session_owner`);
  const fields = [];
  if (!row?.snippet) fields.push({ path: "snippet.snippet_id", message: "No such snippet" });
  if (row?.session_owner !== userId)
    fields.push({ path: "snippet.session_id", message: "No such session of this user" });
  if (fields.length) throw new TelemetryReferenceError(fields);
}

export async function ingestTelemetry(userId: string, input: TelemetryInput): Promise<IngestResult> {
  await checkReferences(userId, input);
  const clientEventId = input.client_event_id ?? null;
  const [inserted] = await db()
    .insert(telemetrySnippetRaw)
    .values({ userId, clientEventId, payload: input })
    .onConflictDoNothing({ target: [telemetrySnippetRaw.userId, telemetrySnippetRaw.clientEventId] })
    .returning({ id: telemetrySnippetRaw.id });
  if (!inserted) {
    const [first] = await db()
      .select({ id: telemetrySnippetRaw.id, enrichedAt: telemetrySnippetRaw.enrichedAt })
      .from(telemetrySnippetRaw)
      .where(
        and(eq(telemetrySnippetRaw.userId, userId), eq(telemetrySnippetRaw.clientEventId, clientEventId!)),
      );
    return { status: "ok", raw_id: first!.id, enqueued: false, job_id: null, duplicate: true };
  }
  const jobId = await enqueueEnrichment(inserted.id);
  return { status: "ok", raw_id: inserted.id, enqueued: jobId !== null, job_id: jobId, duplicate: false };
}

/** Best effort: a failure leaves the row for the sweeper. The singleton key stops double enqueues. */
export async function enqueueEnrichment(rawId: string): Promise<string | null> {
  try {
    return await getBoss().send(ENRICH_QUEUE, { rawId }, { singletonKey: rawId });
  } catch (error) {
    logger().warn({ err: error, rawId }, "could not enqueue typing.enrich; the sweeper will retry");
    return null;
  }
}

/** Re-enqueues raw rows still unenriched after `olderThanSeconds` (typing.sweep). Returns how many. */
export async function sweepUnenriched(olderThanSeconds = 120, limit = 1_000): Promise<number> {
  const rows = await db().execute<{ id: string }>(sql`
    select r.id from telemetry_snippet_raw r
    where r.enriched_at is null and r.received_at < now() - make_interval(secs => ${olderThanSeconds})
      -- a row whose enrichment already ended in the dead-letter queue waits for an admin, not a loop
      and not exists (select 1 from pgboss.job j where j.name = ${ENRICH_QUEUE + ".dead"} and j.data->>'rawId' = r.id::text)
    order by r.received_at limit ${limit}`);
  let queued = 0;
  for (const row of rows) if (await enqueueEnrichment(row.id)) queued++;
  return queued;
}
