import { desc } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { climbModelRuns } from "../../../db/schema/index.ts";
import { cachedPopulation, userModel } from "./model.server.ts";
import { COEFFICIENT_NAMES } from "./priors.ts";

/** A climber's coefficients, named, with the population they are shrunk toward: for the UI and the API. */
export async function modelJson(userId: string) {
  const [model, population] = await Promise.all([userModel(userId), cachedPopulation()]);
  return {
    user_id: userId,
    phase: model.phase,
    sessions_included: model.sessionsIncluded,
    source: model.source,
    last_trained_at: model.lastTrainedAt?.toISOString() ?? null,
    noise_sd: model.noiseSd,
    coefficients: COEFFICIENT_NAMES.map((name, k) => ({
      name,
      mean: model.coefficients[k]!,
      sd: Math.sqrt(Math.max(0, model.covariance[k]![k]!)),
      population_mean: population.mean[k]!,
    })),
    population: { source: population.source, run_id: population.runId, label: population.label },
  };
}

export async function listRuns(limit = 20) {
  const rows = await db().select().from(climbModelRuns).orderBy(desc(climbModelRuns.startedAt)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    progress: r.progress,
    climbers: r.climbers,
    sessions: r.sessions,
    converged: r.converged,
    max_rhat: r.maxRhat,
    min_ess: r.minEss,
    duration_ms: r.durationMs,
    settings: r.settings,
    population: r.population,
    diagnostics: r.diagnostics,
    error: r.error,
    started_at: r.startedAt.toISOString(),
    finished_at: r.finishedAt?.toISOString() ?? null,
  }));
}
