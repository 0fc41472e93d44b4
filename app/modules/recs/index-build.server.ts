import { and, asc, desc, eq, notInArray, sql } from "drizzle-orm";
import { db, getDbHandle } from "../../../db/client.ts";
import { contentItems, recsIndexes, recsModels } from "../../../db/schema/index.ts";
import { unpackBundle, type ModelBundle } from "../../../ml/recs/model-bundle.ts";
import { catalogVectors, userVector } from "../../../ml/recs/retrieve-and-rank.ts";
import { loadIndex, recallAtK } from "../../../ml/vector/choose-index.ts";
import { ExactIndex } from "../../../ml/vector/exact-index.ts";
import { catalogRowColumns, toCatalogRow } from "./catalog-rows.server.ts";
import { runRecsWorker } from "./run-worker.server.ts";
import { SIGNAL_WEIGHTS } from "./signal-weights.ts";

/** Catalog size above which an HNSW graph is built (RECS_ANN_THRESHOLD, default 20,000). */
export function annThreshold(): number {
  const value = Number(process.env.RECS_ANN_THRESHOLD);
  return Number.isInteger(value) && value > 0 ? value : 20_000;
}

const RECALL_QUERIES = 200;
const POSITIVE_EVENTS = Object.entries(SIGNAL_WEIGHTS)
  .filter(([, weight]) => weight > 0)
  .map(([type]) => type);
const KEEP_INDEXES = 2;

export interface IndexOutcome {
  indexId: string;
  kind: "exact" | "hnsw";
  items: number;
  recallAt10: number;
  buildMs: number;
}

/**
 * Embeds every catalog item with the model (new items from their features), packs the vectors, builds an
 * HNSW graph above the threshold (in a worker thread) and measures its recall@10 against exact search on
 * recent users' vectors, then stores it all; each process picks the new index up on its next check.
 */
export async function buildModelIndex(
  modelId: string,
  jobId: string | null,
  onProgress: (fraction: number, message: string) => void = () => {},
): Promise<IndexOutcome> {
  const started = performance.now();
  const [model] = await db()
    .select({ bundle: recsModels.bundle })
    .from(recsModels)
    .where(eq(recsModels.id, modelId));
  if (!model) throw new Error(`no recs model ${modelId}`);
  const bundle = unpackBundle(model.bundle);
  const rows = await db().select(catalogRowColumns).from(contentItems).orderBy(asc(contentItems.id));
  onProgress(0.1, `embedding ${rows.length} items`);
  const { vectors, offsets } = catalogVectors(bundle, rows.map(toCatalogRow));
  const dim = bundle.twoTower.dim;
  let graph: Uint8Array | null = null;
  let recall = 1;
  if (rows.length > annThreshold()) {
    onProgress(0.3, `building HNSW over ${rows.length} items`);
    graph = (
      await runRecsWorker<{ type: "result"; graph: Uint8Array }>({ task: "hnsw", matrix: vectors, dim })
    ).graph;
    onProgress(0.9, "measuring recall@10");
    const index = loadIndex(vectors, dim, graph);
    recall = recallAtK(index, new ExactIndex(vectors, dim), await recallQueries(bundle, vectors, dim), 10);
  }
  const buildMs = Math.round(performance.now() - started);
  const [stored] = await db()
    .insert(recsIndexes)
    .values({
      modelId,
      kind: graph ? "hnsw" : "exact",
      dim,
      itemCount: rows.length,
      itemIds: rows.map((r) => r.id),
      vectors: Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength),
      offsets: Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength),
      graph: graph ? Buffer.from(graph) : null,
      recallAt10: recall,
      buildMs,
      jobId,
    })
    .returning({ id: recsIndexes.id });
  // Older indexes of this model are no longer read (a process still holding one keeps its in-memory copy).
  const keep = await db()
    .select({ id: recsIndexes.id })
    .from(recsIndexes)
    .where(eq(recsIndexes.modelId, modelId))
    .orderBy(desc(recsIndexes.builtAt))
    .limit(KEEP_INDEXES);
  await db()
    .delete(recsIndexes)
    .where(
      and(
        eq(recsIndexes.modelId, modelId),
        notInArray(
          recsIndexes.id,
          keep.map((k) => k.id),
        ),
      ),
    );
  onProgress(1, `indexed ${rows.length} items (${graph ? "hnsw" : "exact"})`);
  return {
    indexId: stored!.id,
    kind: graph ? "hnsw" : "exact",
    items: rows.length,
    recallAt10: recall,
    buildMs,
  };
}

/**
 * What recall is measured on: the vectors of up to 200 recently active users (what the feed searches with),
 * built from their latest positive events; item vectors make up the count when there are fewer users.
 */
async function recallQueries(
  bundle: ModelBundle,
  vectors: Float32Array,
  dim: number,
): Promise<Float32Array[]> {
  const recent = await getDbHandle().sql<{ user_id: string; items: string[]; cohort: string | null }[]>`
    select e.user_id, array_agg(e.content_id::text order by e.id desc) as items, max(p.cohort) as cohort
    from (select user_id, content_id, id from recs_events
          where event_type = any(${POSITIVE_EVENTS}) order by id desc limit 20000) e
    left join recs_profiles p on p.user_id = e.user_id
    group by e.user_id limit ${RECALL_QUERIES}`;
  const queries = recent.flatMap((u) => {
    const v = userVector(bundle, {
      userId: u.user_id,
      history: u.items,
      cohort: u.cohort,
      exclude: new Set(),
    });
    return v ? [v] : [];
  });
  const n = vectors.length / dim;
  const step = Math.max(1, Math.floor(n / RECALL_QUERIES));
  for (let q = 0; queries.length < Math.min(RECALL_QUERIES, n); q++)
    queries.push(vectors.slice(q * step * dim, (q * step + 1) * dim));
  return queries;
}

/** recs.reindex: rebuild the active model's index over the current catalog (new items included). */
export async function reindexActive(
  jobId: string | null,
  onProgress: (fraction: number, message: string) => void = () => {},
): Promise<IndexOutcome | null> {
  const [active] = await db()
    .select({ id: recsModels.id })
    .from(recsModels)
    .where(eq(recsModels.status, "active"));
  if (!active) return null;
  return buildModelIndex(active.id, jobId, onProgress);
}

/** Indexes, newest first, without their blobs (for the admin page). */
export function listIndexes(limit = 10) {
  return db()
    .select({
      id: recsIndexes.id,
      modelId: recsIndexes.modelId,
      version: recsModels.version,
      kind: recsIndexes.kind,
      dim: recsIndexes.dim,
      itemCount: recsIndexes.itemCount,
      recallAt10: recsIndexes.recallAt10,
      buildMs: recsIndexes.buildMs,
      builtAt: recsIndexes.builtAt,
      bytes: sql<number>`octet_length(${recsIndexes.vectors}) + coalesce(octet_length(${recsIndexes.graph}), 0)`,
    })
    .from(recsIndexes)
    .innerJoin(recsModels, eq(recsModels.id, recsIndexes.modelId))
    .orderBy(desc(recsIndexes.builtAt))
    .limit(limit);
}
