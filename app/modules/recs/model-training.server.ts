import { and, asc, desc, eq, gt, ne, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { contentItems, recsEvents, recsModels, recsProfiles } from "../../../db/schema/index.ts";
import { getBoss } from "../../../jobs/boss.ts";
import { logger } from "../../lib/logger.server.ts";
import { activationDecision, type TrainingMetrics, type TrainingOptions } from "./model-training.ts";
import { buildModelIndex } from "./index-build.server.ts";
import { catalogRowColumns, toCatalogRow } from "./catalog-rows.server.ts";
import { runRecsWorker } from "./run-worker.server.ts";
import { TrainingDataBuilder } from "./training-data.ts";

export const TRAIN_QUEUE = "recs.train";
export const REINDEX_QUEUE = "recs.reindex";

/** Queues a training run (admins, and the nightly schedule); one at a time. */
export function requestTraining(trigger: "manual" | "schedule" = "manual"): Promise<string | null> {
  return getBoss().send(TRAIN_QUEUE, { trigger }, { singletonKey: "train", singletonSeconds: 10 });
}

/** Queues a rebuild of the active model's item index. */
export function requestReindex(trigger: string = "manual"): Promise<string | null> {
  return getBoss().send(REINDEX_QUEUE, { trigger }, { singletonKey: "reindex", singletonSeconds: 10 });
}

const PAGE = 50_000;

/** The catalog, the users with a cohort or an event, and every event that carries a signal. */
export async function loadTrainingData() {
  const [catalog, profiles] = await Promise.all([
    db().select(catalogRowColumns).from(contentItems).orderBy(asc(contentItems.id)),
    db().select({ id: recsProfiles.userId, cohort: recsProfiles.cohort }).from(recsProfiles),
  ]);
  const builder = new TrainingDataBuilder();
  const users = new Map<string, string | null>(profiles.map((p) => [p.id, p.cohort]));
  // Keyset pages keep memory flat however many events there are.
  for (let after = 0; ;) {
    const page = await db()
      .select({
        id: recsEvents.id,
        userId: recsEvents.userId,
        contentId: recsEvents.contentId,
        eventType: recsEvents.eventType,
        ts: recsEvents.ts,
      })
      .from(recsEvents)
      .where(and(gt(recsEvents.id, after), ne(recsEvents.eventType, "impression")))
      .orderBy(asc(recsEvents.id))
      .limit(PAGE);
    for (const e of page) {
      builder.add({ ...e, ts: new Date(e.ts).getTime() });
      if (!users.has(e.userId)) users.set(e.userId, null);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  return builder.build(
    catalog.map(toCatalogRow),
    [...users].map(([id, cohort]) => ({ id, cohort })),
  );
}

export async function activeModelRow() {
  const [row] = await db().select().from(recsModels).where(eq(recsModels.status, "active"));
  return row ?? null;
}

export interface TrainingOutcome {
  status: "activated" | "rejected" | "not-enough-data";
  modelId: string | null;
  version: number | null;
  reason: string;
  metrics: TrainingMetrics | null;
}

/**
 * One training run: read the events, train and validate in a worker thread, store the version with its
 * metrics, and activate it only if it beats the baseline and the active model: its item index is built
 * first, then it replaces the active one in one transaction.
 */
export async function runTraining(
  jobId: string | null,
  options: TrainingOptions = {},
  onProgress: (fraction: number, message: string) => void = () => {},
): Promise<TrainingOutcome> {
  onProgress(0.01, "reading events");
  const data = await loadTrainingData();
  const active = await activeModelRow();
  const answer = await runRecsWorker<
    | { type: "result"; bundle: Uint8Array; metrics: TrainingMetrics; params: Record<string, unknown> }
    | { type: "not-enough-data"; message: string }
  >(
    {
      task: "train",
      data: { catalog: data.catalog, users: data.users, positives: data.positives, excluded: data.excluded },
      active: active && {
        version: active.version,
        cutoffEventId: active.cutoffEventId,
        bundle: active.bundle,
      },
      options,
    },
    (fraction, message) => onProgress(0.05 + 0.9 * fraction, message),
  );
  if (answer.type === "not-enough-data")
    return {
      status: "not-enough-data",
      modelId: null,
      version: null,
      reason: answer.message,
      metrics: null,
    };
  const decision = activationDecision(answer.metrics);
  const [row] = await db()
    .insert(recsModels)
    .values({
      status: decision.activate ? "staged" : "rejected",
      params: answer.params,
      metrics: answer.metrics,
      decision: decision.reason,
      bundle: Buffer.from(answer.bundle),
      cutoffEventId: data.cutoffEventId,
      jobId,
    })
    .returning({ id: recsModels.id, version: recsModels.version });
  if (decision.activate) {
    // The new model's index is built before it replaces the old one, so the feed never lacks an index.
    try {
      await buildModelIndex(row!.id, jobId, (f, m) => onProgress(0.95 + 0.04 * f, m));
    } catch (error) {
      await db()
        .update(recsModels)
        .set({
          status: "rejected",
          decision: `${decision.reason}; its index failed: ${(error as Error).message}`,
        })
        .where(eq(recsModels.id, row!.id));
      throw error;
    }
    await db().transaction(async (tx) => {
      await tx.update(recsModels).set({ status: "retired" }).where(eq(recsModels.status, "active"));
      await tx
        .update(recsModels)
        .set({ status: "active", activatedAt: sql`now()` })
        .where(eq(recsModels.id, row!.id));
    });
  }
  logger().info(
    { job: TRAIN_QUEUE, version: row!.version, activated: decision.activate, reason: decision.reason },
    "recs model trained",
  );
  return {
    status: decision.activate ? "activated" : "rejected",
    modelId: row!.id,
    version: row!.version,
    reason: decision.reason,
    metrics: answer.metrics,
  };
}

/** Model versions, newest first, without their blobs. */
export function listModels(limit = 20) {
  return db()
    .select({
      id: recsModels.id,
      version: recsModels.version,
      status: recsModels.status,
      metrics: recsModels.metrics,
      params: recsModels.params,
      decision: recsModels.decision,
      cutoffEventId: recsModels.cutoffEventId,
      jobId: recsModels.jobId,
      trainedAt: recsModels.trainedAt,
      activatedAt: recsModels.activatedAt,
      bundleBytes: sql<number>`octet_length(${recsModels.bundle})`,
    })
    .from(recsModels)
    .orderBy(desc(recsModels.version))
    .limit(limit);
}
