/**
 * The recs module's heavy work off the main thread, so the feed keeps answering while it runs:
 * - { task: "train", data, active, options }: posts progress, then { type: "result", bundle, metrics, params }
 *   or { type: "not-enough-data", message };
 * - { task: "hnsw", matrix, dim }: posts { type: "result", graph } (the HNSW graph's bytes).
 * Failures post { type: "error", message }.
 */
import { parentPort, workerData } from "node:worker_threads";
import { packBundle, unpackBundle } from "../../../ml/recs/model-bundle.ts";
import { HnswIndex } from "../../../ml/vector/hnsw-index.ts";
import {
  NotEnoughDataError,
  trainRecommender,
  type TrainingData,
  type TrainingOptions,
} from "./model-training.ts";

type Task =
  | {
      task: "train";
      data: TrainingData;
      active: { version: number; cutoffEventId: number; bundle: Uint8Array } | null;
      options: TrainingOptions;
    }
  | { task: "hnsw"; matrix: Float32Array; dim: number };

const input = workerData as Task;
const post = (m: unknown) => parentPort!.postMessage(m);
try {
  if (input.task === "train") {
    const active = input.active && { ...input.active, bundle: unpackBundle(input.active.bundle) };
    const result = trainRecommender(input.data, active, input.options, (fraction, message) =>
      post({ type: "progress", fraction, message }),
    );
    post({
      type: "result",
      bundle: packBundle(result.bundle),
      metrics: result.metrics,
      params: result.params,
    });
  } else {
    const graph = HnswIndex.build(input.matrix, input.dim).toBuffer();
    post({ type: "result", graph });
  }
} catch (error) {
  if (error instanceof NotEnoughDataError) post({ type: "not-enough-data", message: error.message });
  else post({ type: "error", message: (error as Error).message });
}
