import { latestJobs } from "../admin/jobs.server.ts";
import { annThreshold, listIndexes } from "./index-build.server.ts";
import { listModels, REINDEX_QUEUE, TRAIN_QUEUE } from "./model-training.server.ts";
import { servedModel } from "./model-serving.server.ts";

/** What /admin/recs and GET /api/admin/recs/models show: versions, indexes, what this process serves, jobs. */
export async function recsModelReport() {
  const [models, indexes, served, trainJobs, reindexJobs] = await Promise.all([
    listModels(),
    listIndexes(),
    servedModel().catch(() => null),
    latestJobs(TRAIN_QUEUE),
    latestJobs(REINDEX_QUEUE),
  ]);
  return {
    models: models.map((m) => ({
      id: m.id,
      version: m.version,
      status: m.status,
      decision: m.decision,
      metrics: m.metrics,
      params: m.params,
      cutoff_event_id: m.cutoffEventId,
      bundle_bytes: m.bundleBytes,
      job_id: m.jobId,
      trained_at: new Date(m.trainedAt).toISOString(),
      activated_at: m.activatedAt ? new Date(m.activatedAt).toISOString() : null,
    })),
    indexes: indexes.map((i) => ({
      id: i.id,
      model_version: i.version,
      kind: i.kind,
      dim: i.dim,
      items: i.itemCount,
      recall_at_10: i.recallAt10,
      build_ms: i.buildMs,
      bytes: i.bytes,
      built_at: new Date(i.builtAt).toISOString(),
    })),
    serving: served
      ? {
          model: `two-tower v${served.version}`,
          index_id: served.indexId,
          index_kind: served.index.kind,
          items: served.index.size,
          loaded_at: new Date(served.loadedAt).toISOString(),
        }
      : { model: "baseline", index_id: null, index_kind: null, items: null, loaded_at: null },
    ann_threshold: annThreshold(),
    jobs: { train: trainJobs, reindex: reindexJobs },
  };
}
