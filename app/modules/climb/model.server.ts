import { and, desc, eq, lte } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { climbModelRuns, modelOutputs } from "../../../db/schema/index.ts";
import { posteriorGivenPopulation } from "../../../ml/bayes/conjugate-normal.ts";
import { sufficientStatistics } from "../../../ml/bayes/hierarchical-linear.ts";
import { env } from "../../lib/env.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { PRIORS_VERSION, priorPopulation } from "./priors.ts";
import { byClimber, phaseFor, trainingExamples, type Phase } from "./training-data.server.ts";
import { cacheStatusJson, ttlCache, type TtlCache } from "../../lib/ttl-cache.ts";

/** The population a climber is shrunk toward: the latest converged full fit, or the literature priors. */
export interface Population {
  mean: number[];
  covariance: number[][];
  noiseSd: number;
  source: "priors" | "nightly";
  runId: string | null;
  label: string;
}

export interface StoredPopulation {
  mean: number[];
  covariance: number[][];
  noiseSd: number;
}

async function loadPopulation(): Promise<Population> {
  const [run] = await db()
    .select({
      id: climbModelRuns.id,
      population: climbModelRuns.population,
      finishedAt: climbModelRuns.finishedAt,
    })
    .from(climbModelRuns)
    .where(and(eq(climbModelRuns.status, "succeeded"), eq(climbModelRuns.converged, true)))
    .orderBy(desc(climbModelRuns.finishedAt))
    .limit(1);
  if (run?.population) {
    const p = run.population as StoredPopulation;
    return {
      ...p,
      source: "nightly",
      runId: run.id,
      label: `full fit of ${run.finishedAt?.toISOString().slice(0, 10)}`,
    };
  }
  return { ...priorPopulation(), source: "priors", runId: null, label: PRIORS_VERSION };
}

const holder = globalThis as typeof globalThis & { __praxisClimbPopulation?: TtlCache<Population> };
function populationCache(): TtlCache<Population> {
  holder.__praxisClimbPopulation ??= ttlCache(
    loadPopulation,
    () => env().PRIORS_CACHE_TTL_SECONDS,
    (p) => logger().info({ source: p.source, runId: p.runId }, "[climb] population priors cache refreshed"),
  );
  return holder.__praxisClimbPopulation;
}
export const cachedPopulation = () => populationCache().get();
export const invalidatePopulation = () => populationCache().invalidate();
/** What the admin page shows of this process's population cache. */
export const populationCacheJson = () => cacheStatusJson(populationCache());

/** What predictions for a climber use: their stored coefficients, or the population while none exist. */
export interface UserModel {
  phase: Phase;
  sessionsIncluded: number;
  coefficients: number[];
  covariance: number[][];
  noiseSd: number;
  source: "priors" | "quick" | "nightly";
  lastTrainedAt: Date | null;
}

export function populationModel(p: Population, sessions = 0): UserModel {
  return {
    phase: "cold_start",
    sessionsIncluded: sessions,
    coefficients: p.mean,
    covariance: p.covariance,
    noiseSd: p.noiseSd,
    source: "priors",
    lastTrainedAt: null,
  };
}

export async function userModel(userId: string): Promise<UserModel> {
  const [row] = await db().select().from(modelOutputs).where(eq(modelOutputs.userId, userId));
  // Cold start means "the population": read it live, so a newer converged fit reaches these climbers too.
  if (!row || row.phase === "cold_start")
    return populationModel(await cachedPopulation(), row?.sessionsIncluded ?? 0);
  return {
    phase: row.phase,
    sessionsIncluded: row.sessionsIncluded,
    coefficients: row.coefficients,
    covariance: row.covariance,
    noiseSd: row.noiseSd,
    source: row.source,
    lastTrainedAt: row.lastTrainedAt,
  };
}

/**
 * Upserts a climber's model. `ifNotNewer`: the nightly fit read its data before it writes, so it must not
 * replace a row a quick update wrote meanwhile from more sessions.
 */
export async function storeUserModel(
  userId: string,
  m: UserModel,
  runId: string | null,
  options: { ifNotNewer?: boolean } = {},
): Promise<void> {
  const values = {
    phase: m.phase,
    sessionsIncluded: m.sessionsIncluded,
    coefficients: m.coefficients,
    covariance: m.covariance,
    noiseSd: m.noiseSd,
    source: m.source,
    runId,
    lastTrainedAt: new Date(),
  };
  await db()
    .insert(modelOutputs)
    .values({ userId, ...values })
    .onConflictDoUpdate({
      target: modelOutputs.userId,
      set: values,
      ...(options.ifNotNewer ? { setWhere: lte(modelOutputs.sessionsIncluded, m.sessionsIncluded) } : {}),
    });
}

/**
 * The quick path after a session: the climber's exact conjugate posterior with the population (μ, Σ, σ²)
 * held at its cached values. Below 10 sessions the climber keeps the population itself (cold start).
 */
export async function quickUpdate(userId: string): Promise<UserModel> {
  const population = await cachedPopulation();
  const group = byClimber(await trainingExamples(userId)).get(userId);
  const n = group?.y.length ?? 0;
  const phase = phaseFor(n);
  let model: UserModel;
  if (!group || phase === "cold_start") {
    model = populationModel(population, n);
  } else {
    const posterior = posteriorGivenPopulation(sufficientStatistics(group), {
      mean: population.mean,
      covariance: population.covariance,
      noiseVariance: population.noiseSd ** 2,
    });
    model = {
      phase,
      sessionsIncluded: n,
      coefficients: posterior.mean,
      covariance: posterior.covariance,
      noiseSd: population.noiseSd,
      source: "quick",
      lastTrainedAt: new Date(),
    };
  }
  await storeUserModel(userId, model, population.runId);
  return model;
}
