import { Worker } from "node:worker_threads";
import { and, eq, lt, notInArray, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { climbModelRuns, modelOutputs } from "../../../db/schema/index.ts";
import {
  sufficientStatistics,
  type FitOptions,
  type HierarchicalFit,
  type HierarchicalPrior,
  type SufficientStatistics,
} from "../../../ml/bayes/hierarchical-linear.ts";
import { logger } from "../../lib/logger.server.ts";
import {
  invalidatePopulation,
  populationModel,
  storeUserModel,
  type StoredPopulation,
} from "./model.server.ts";
import { MAX_RHAT, MIN_ESS, NIGHTLY_SETTINGS } from "./fit-settings.ts";
import { COEFFICIENT_NAMES, hierarchicalPrior } from "./priors.ts";
import { byClimber, phaseFor, trainingExamples } from "./training-data.server.ts";

export const MIN_CLIMBERS = 3;

/** Runs fitHierarchical in a worker thread (tsx loads the TypeScript), reporting progress. */
export function fitInWorker(
  groups: SufficientStatistics[],
  prior: HierarchicalPrior,
  options: FitOptions,
  onProgress: (fraction: number) => void,
): Promise<HierarchicalFit> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./nightly-fit.worker.ts", import.meta.url), {
      workerData: { groups, prior, options },
      execArgv: ["--import", "tsx"],
    });
    worker.on(
      "message",
      (m: { type: string; fraction?: number; fit?: HierarchicalFit; message?: string }) => {
        if (m.type === "progress") onProgress(m.fraction!);
        else if (m.type === "result") resolve(m.fit!);
        else reject(new Error(m.message));
      },
    );
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`fit worker exited with code ${code}`));
    });
  });
}

export interface NightlyOutcome {
  runId: string;
  status: "succeeded" | "failed";
  converged: boolean | null;
  climbers: number;
  sessions: number;
  maxRhat: number | null;
  minEss: number | null;
  error: string | null;
}

/**
 * The full path: fits the whole hierarchy (population mean, between-climber covariance, noise) on every
 * rated session, stores the run with its diagnostics, and — only when it converged — rewrites every fitted
 * climber's coefficients and makes the fit the population that quick updates and new climbers use.
 */
export async function runNightlyFit(
  trigger: "schedule" | "manual",
  options: Partial<typeof NIGHTLY_SETTINGS> = {},
  onProgress?: (fraction: number) => void,
): Promise<NightlyOutcome> {
  let settings = { ...NIGHTLY_SETTINGS, ...options };
  // A run still "running" past the job's expiry died with its process.
  await db()
    .update(climbModelRuns)
    .set({
      status: "failed",
      error: "Interrupted: the process stopped during the fit",
      finishedAt: sql`now()`,
    })
    .where(
      and(eq(climbModelRuns.status, "running"), lt(climbModelRuns.startedAt, sql`now() - interval '1 hour'`)),
    );
  const [run] = await db()
    .insert(climbModelRuns)
    .values({ status: "running", trigger, settings })
    .returning({ id: climbModelRuns.id, startedAt: climbModelRuns.startedAt });
  const runId = run!.id;
  const runStartedAt = run!.startedAt;
  const started = Date.now();
  const fail = async (error: string, climbers = 0, sessions = 0): Promise<NightlyOutcome> => {
    await db()
      .update(climbModelRuns)
      .set({
        status: "failed",
        error,
        climbers,
        sessions,
        finishedAt: sql`now()`,
        durationMs: Date.now() - started,
      })
      .where(eq(climbModelRuns.id, runId));
    logger().warn({ runId, error }, "climb nightly fit failed");
    return {
      runId,
      status: "failed",
      converged: null,
      climbers,
      sessions,
      maxRhat: null,
      minEss: null,
      error,
    };
  };
  try {
    const groups = byClimber(await trainingExamples());
    const userIds = [...groups.keys()];
    const sessions = [...groups.values()].reduce((s, g) => s + g.y.length, 0);
    if (userIds.length < MIN_CLIMBERS)
      return await fail(
        `Needs rated sessions from at least ${MIN_CLIMBERS} climbers (has ${userIds.length})`,
        userIds.length,
        sessions,
      );
    await db()
      .update(climbModelRuns)
      .set({ climbers: userIds.length, sessions })
      .where(eq(climbModelRuns.id, runId));
    const stats = [...groups.values()].map(sufficientStatistics);
    let lastWrite = 0;
    let progressWrites: Promise<unknown> = Promise.resolve();
    const fitWith = (run: typeof settings, share: [number, number]) =>
      fitInWorker(stats, hierarchicalPrior(), run, (fraction) => {
        if (Date.now() - lastWrite < 1000) return;
        lastWrite = Date.now();
        const progress = share[0] + fraction * share[1];
        onProgress?.(progress);
        // Chained, so the last progress write lands before the final state, never after it.
        progressWrites = progressWrites
          .then(() => db().update(climbModelRuns).set({ progress }).where(eq(climbModelRuns.id, runId)))
          .catch(() => {});
      });
    let fit = await fitWith(settings, [0, 0.5]);
    let converged = fit.maxRhat < MAX_RHAT && fit.minEss > MIN_ESS;
    if (!converged) {
      // One longer run before giving up: slow mixing, not a wrong model, is the usual cause.
      settings = { ...settings, warmup: settings.warmup * 2, draws: settings.draws * 2 };
      fit = await fitWith(settings, [0.5, 0.5]);
      converged = fit.maxRhat < MAX_RHAT && fit.minEss > MIN_ESS;
    }
    const population: StoredPopulation = {
      mean: fit.mu.map((m) => m.mean),
      covariance: fit.covariance,
      noiseSd: Math.sqrt(fit.noiseVariance!),
    };
    await progressWrites;
    if (converged) {
      // Climbers with no rated sessions left (deleted, or only rest days) fall back to the population.
      await db()
        .delete(modelOutputs)
        .where(
          and(
            lt(modelOutputs.lastTrainedAt, runStartedAt),
            userIds.length ? notInArray(modelOutputs.userId, userIds) : undefined,
          ),
        );
      const asPopulation = { ...population, source: "nightly" as const, runId, label: "" };
      for (const [i, userId] of userIds.entries()) {
        const n = groups.get(userId)!.y.length;
        const phase = phaseFor(n);
        const model =
          phase === "cold_start"
            ? populationModel(asPopulation, n)
            : {
                phase,
                sessionsIncluded: n,
                coefficients: fit.groups[i]!.mean,
                covariance: fit.groups[i]!.covariance,
                noiseSd: population.noiseSd,
                source: "nightly" as const,
                lastTrainedAt: new Date(),
              };
        await storeUserModel(userId, model, runId, { ifNotNewer: true });
      }
    }
    await db()
      .update(climbModelRuns)
      .set({
        settings,
        status: "succeeded",
        progress: 1,
        population: { ...population, tau: fit.tau.map((t) => t.mean), names: COEFFICIENT_NAMES },
        diagnostics: fit.diagnostics,
        maxRhat: fit.maxRhat,
        minEss: fit.minEss,
        converged,
        durationMs: Date.now() - started,
        finishedAt: sql`now()`,
      })
      .where(eq(climbModelRuns.id, runId));
    if (converged) invalidatePopulation();
    logger().info(
      { runId, climbers: userIds.length, sessions, maxRhat: fit.maxRhat, minEss: fit.minEss, converged },
      "climb nightly fit finished",
    );
    return {
      runId,
      status: "succeeded",
      converged,
      climbers: userIds.length,
      sessions,
      maxRhat: fit.maxRhat,
      minEss: fit.minEss,
      error: null,
    };
  } catch (error) {
    return fail((error as Error).message);
  }
}
