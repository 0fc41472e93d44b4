import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import { db, getDbHandle } from "../../../db/client.ts";
import { telemetrySnippetRaw } from "../../../db/schema/index.ts";
import { getBoss } from "../../../jobs/boss.ts";
import { isServiceUnavailable } from "../../lib/api.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { recordCatalogActivity } from "../recs/module-activity.server.ts";
import { packCatalogKey } from "./lesson-packs.ts";
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

/** Names the fields that make an insert impossible (the slow path, only after the insert found nothing). */
async function referenceErrors(
  userId: string,
  input: TelemetryInput,
): Promise<{ path: string; message: string }[]> {
  const [row] = await db().execute<{ snippet: boolean; session_owner: string | null }>(sql`
    select exists(select 1 from snippets where id = ${input.snippet.snippet_id}) as snippet,
           (select user_id from typing_sessions where id = ${input.snippet.session_id}) as session_owner`);
  const fields = [];
  if (!row?.snippet) fields.push({ path: "snippet.snippet_id", message: "No such snippet" });
  if (row?.session_owner !== userId)
    fields.push({ path: "snippet.session_id", message: "No such session of this user" });
  return fields;
}

/**
 * Ingest is group-committed: requests arriving within a couple of milliseconds share one transaction. Each
 * raw row is inserted only if its snippet exists and its session is the user's (skipping a repeated
 * client_event_id); the batch's typing.enrich jobs are inserted under a savepoint in the same transaction,
 * so normally a row and its job commit together, and if enqueueing fails the rows still commit for the
 * sweeper. Every caller is answered only after the commit: an acknowledged write is durable. Batching cuts
 * the round trips per request (each costs a socket write, the dominant cost in the ingest profile).
 */
const BATCH_MAX = 100;
const BATCH_WAIT_MS = 2;

interface Pending {
  userId: string;
  input: TelemetryInput;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

let pending: Pending[] = [];
let timer: NodeJS.Timeout | null = null;

export function ingestTelemetry(userId: string, input: TelemetryInput): Promise<IngestResult> {
  return new Promise((resolve, reject) => {
    pending.push({ userId, input, resolve, reject });
    if (pending.length >= BATCH_MAX) flushPending();
    else timer ??= setTimeout(flushPending, BATCH_WAIT_MS);
  });
}

/**
 * The telemetry API's write: the durable insert (batched, above), then, for a snippet finished in a lesson
 * pack, a completion of the pack's library item (once a day, best effort), so the recommender learns from it.
 */
export async function recordTelemetry(userId: string, input: TelemetryInput): Promise<IngestResult> {
  const result = await ingestTelemetry(userId, input);
  if (input.pack) await recordCatalogActivity(userId, packCatalogKey(input.pack), "complete");
  return result;
}

function flushPending(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const batch = pending;
  pending = [];
  if (batch.length) void flushBatch(batch);
}

async function flushBatch(batch: Pending[]): Promise<void> {
  let outcome: { rawIds: (string | null)[]; jobIds: (string | null)[] };
  try {
    outcome = await getDbHandle().sql.begin(async (tx) => {
      // Issued together, so postgres.js pipelines them into a few socket writes.
      const rawIds = await Promise.all(batch.map(({ userId, input }) => insertRaw(tx, userId, input)));
      const jobIds = rawIds.map((id) => (id ? randomUUID() : null));
      const jobs = rawIds.flatMap((rawId, i) =>
        rawId ? [{ id: jobIds[i]!, data: { rawId }, singletonKey: rawId }] : [],
      );
      if (jobs.length) {
        try {
          await tx.savepoint((sp) => getBoss().insert(ENRICH_QUEUE, jobs, { db: bossDb(sp) }));
        } catch (error) {
          logger().warn(
            { err: error, rows: jobs.length },
            "could not enqueue typing.enrich; the sweeper will retry",
          );
          return { rawIds, jobIds: rawIds.map(() => null) };
        }
      }
      return { rawIds, jobIds };
    });
  } catch (error) {
    // A batch-level failure (say a session deleted mid-flight broke a foreign key) must not fail the
    // others: each request is retried on its own.
    // The database itself failing (down, read-only, full) fails every request alike, and a connection lost
    // at COMMIT leaves it unknown whether the batch landed: retrying here could store rows twice. Each caller
    // gets the error (a 503) and retries with its client_event_id, which the insert deduplicates.
    if (isServiceUnavailable(error)) {
      for (const p of batch) p.reject(error);
      return;
    }
    logger().warn({ err: error, size: batch.length }, "telemetry batch failed; retrying one by one");
    for (const p of batch) ingestOne(p.userId, p.input).then(p.resolve, p.reject);
    return;
  }
  batch.forEach((p, i) => {
    const rawId = outcome.rawIds[i];
    if (rawId)
      p.resolve({
        status: "ok",
        raw_id: rawId,
        enqueued: outcome.jobIds[i] !== null,
        job_id: outcome.jobIds[i] ?? null,
        duplicate: false,
      });
    else explainMiss(p.userId, p.input).then(p.resolve, p.reject);
  });
}

/** Inserts a raw row if the snippet exists and the session is the user's; null when it did not (or a repeat). */
async function insertRaw(tx: TransactionSql, userId: string, input: TelemetryInput): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    insert into telemetry_snippet_raw (user_id, client_event_id, payload)
    select ${userId}, ${input.client_event_id ?? null}, ${JSON.stringify(input)}::jsonb
    where exists (select 1 from snippets where id = ${input.snippet.snippet_id})
      and exists (select 1 from typing_sessions where id = ${input.snippet.session_id} and user_id = ${userId})
    on conflict (user_id, client_event_id) do nothing
    returning id`;
  return row?.id ?? null;
}

/** Lets pg-boss write its job rows through our transaction (savepoint) instead of its own pool. */
function bossDb(sp: TransactionSql) {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({
      rows: await sp.unsafe(text, (values ?? []) as never[]),
    }),
  };
}

/** The unbatched path: one request, one transaction. */
async function ingestOne(userId: string, input: TelemetryInput): Promise<IngestResult> {
  const outcome = await getDbHandle().sql.begin(async (tx) => {
    const rawId = await insertRaw(tx, userId, input);
    if (!rawId) return null;
    let jobId: string | null = null;
    try {
      jobId = await tx.savepoint((sp) =>
        getBoss().send(ENRICH_QUEUE, { rawId }, { singletonKey: rawId, db: bossDb(sp) }),
      );
    } catch (error) {
      logger().warn({ err: error, rawId }, "could not enqueue typing.enrich; the sweeper will retry");
    }
    return { rawId, jobId };
  });
  if (outcome)
    return {
      status: "ok",
      raw_id: outcome.rawId,
      enqueued: outcome.jobId !== null,
      job_id: outcome.jobId,
      duplicate: false,
    };
  return explainMiss(userId, input);
}

/** Nothing was inserted: a repeated client_event_id (answer with the first raw_id) or a bad reference. */
async function explainMiss(userId: string, input: TelemetryInput): Promise<IngestResult> {
  const clientEventId = input.client_event_id;
  if (clientEventId) {
    const [first] = await db()
      .select({ id: telemetrySnippetRaw.id })
      .from(telemetrySnippetRaw)
      .where(
        and(eq(telemetrySnippetRaw.userId, userId), eq(telemetrySnippetRaw.clientEventId, clientEventId)),
      );
    if (first) return { status: "ok", raw_id: first.id, enqueued: false, job_id: null, duplicate: true };
  }
  throw new TelemetryReferenceError(await referenceErrors(userId, input));
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
