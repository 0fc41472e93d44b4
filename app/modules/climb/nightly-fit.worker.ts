/**
 * Runs the full hierarchical fit off the main thread, so HTTP stays responsive during the nightly job.
 * Input (workerData): { groups, prior, options }; posts { type: "progress", fraction } and then
 * { type: "result", fit } (or { type: "error", message }).
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  fitHierarchical,
  type FitOptions,
  type HierarchicalPrior,
  type SufficientStatistics,
} from "../../../ml/bayes/hierarchical-linear.ts";

const { groups, prior, options } = workerData as {
  groups: SufficientStatistics[];
  prior: HierarchicalPrior;
  options: FitOptions;
};
try {
  const fit = fitHierarchical(groups, prior, {
    ...options,
    onProgress: (fraction) => parentPort!.postMessage({ type: "progress", fraction }),
  });
  parentPort!.postMessage({ type: "result", fit });
} catch (error) {
  parentPort!.postMessage({ type: "error", message: (error as Error).message });
}
