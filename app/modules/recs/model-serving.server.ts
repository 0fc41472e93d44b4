import { desc, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { contentItems, recsIndexes, recsModels } from "../../../db/schema/index.ts";
import { unpackBundle, type CatalogRow, type ModelBundle } from "../../../ml/recs/model-bundle.ts";
import { loadIndex } from "../../../ml/vector/choose-index.ts";
import type { VectorIndex } from "../../../ml/vector/vector-index.ts";
import { logger } from "../../lib/logger.server.ts";
import { catalogRowColumns, toCatalogRow } from "./catalog-rows.server.ts";
import { ttlCache, type TtlCache } from "../../lib/ttl-cache.ts";

/** The active model with its newest index, as loaded into this process. */
export interface ServedModel {
  indexId: string;
  modelId: string;
  version: number;
  bundle: ModelBundle;
  index: VectorIndex;
  offsets: Float32Array;
  /** Catalog rows in index order (an item deleted since the build keeps its row, marked `deleted`). */
  rows: (CatalogRow & { deleted?: boolean })[];
  rowOf: Map<string, number>;
  loadedAt: number;
}

/** How often each process checks for a newer index (RECS_MODEL_CHECK_SECONDS, default 30). */
function checkSeconds(): number {
  const value = Number(process.env.RECS_MODEL_CHECK_SECONDS);
  return Number.isFinite(value) && value >= 0 ? value : 30;
}

async function load(indexId: string): Promise<ServedModel> {
  const [row] = await db()
    .select({
      modelId: recsIndexes.modelId,
      version: recsModels.version,
      bundle: recsModels.bundle,
      dim: recsIndexes.dim,
      itemIds: recsIndexes.itemIds,
      vectors: recsIndexes.vectors,
      offsets: recsIndexes.offsets,
      graph: recsIndexes.graph,
    })
    .from(recsIndexes)
    .innerJoin(recsModels, eq(recsModels.id, recsIndexes.modelId))
    .where(eq(recsIndexes.id, indexId));
  if (!row) throw new Error(`recs index ${indexId} vanished while loading`);
  // Copies, so the typed arrays are aligned and own their memory (a Buffer may be a view into a pool).
  const vectors = new Float32Array(new Uint8Array(row.vectors).buffer);
  const offsets = new Float32Array(new Uint8Array(row.offsets).buffer);
  const meta = await db()
    .select(catalogRowColumns)
    .from(contentItems)
    .where(sql`${contentItems.id} = any(${sql.param(row.itemIds)}::uuid[])`);
  const byId = new Map(meta.map((m) => [m.id, m]));
  const rows = row.itemIds.map((id) => {
    const m = byId.get(id);
    return m ? toCatalogRow(m) : { id, type: "", tags: [], difficulty: 3, createdAt: 0, deleted: true };
  });
  const served: ServedModel = {
    indexId,
    modelId: row.modelId,
    version: row.version,
    bundle: unpackBundle(row.bundle),
    index: loadIndex(vectors, row.dim, row.graph ? new Uint8Array(row.graph) : undefined),
    offsets,
    rows,
    rowOf: new Map(rows.map((r, i) => [r.id, i])),
    loadedAt: Date.now(),
  };
  logger().info(
    { version: served.version, index: served.index.kind, items: rows.length },
    "recs model loaded",
  );
  return served;
}

const holder = globalThis as typeof globalThis & {
  __praxisRecsServed?: {
    pointer: TtlCache<string | null>;
    current: Promise<ServedModel> | null;
    id: string | null;
    failed?: { id: string; at: number };
  };
};

/** The newest index of the active model, or null (no model, or not yet indexed): the feed then uses the baseline. */
export async function servedModel(): Promise<ServedModel | null> {
  const state = (holder.__praxisRecsServed ??= {
    pointer: ttlCache(async () => {
      const [latest] = await db()
        .select({ id: recsIndexes.id })
        .from(recsIndexes)
        .innerJoin(recsModels, eq(recsModels.id, recsIndexes.modelId))
        .where(eq(recsModels.status, "active"))
        .orderBy(desc(recsIndexes.builtAt))
        .limit(1);
      return latest?.id ?? null;
    }, checkSeconds),
    current: null,
    id: null,
  });
  const id = await state.pointer.get();
  if (id === null) return null;
  if (state.failed?.id === id && Date.now() - state.failed.at < checkSeconds() * 1000) return null;
  if (state.id !== id || !state.current) {
    state.id = id;
    state.current = load(id);
    // A failed load serves the baseline and is retried after the check interval, not on every request.
    state.current.catch((error: Error) => {
      logger().error({ err: error, indexId: id }, "recs model failed to load; serving the baseline");
      if (state.id !== id) return;
      state.current = null;
      state.failed = { id, at: Date.now() };
    });
  }
  return state.current.catch(() => null);
}

/** After this process trains or reindexes: look for the new index now rather than at the next check. */
export const invalidateServedModel = () => holder.__praxisRecsServed?.pointer.invalidate();
