import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { env } from "../../lib/env.server.ts";
import { ttlCache, type TtlCache } from "../../lib/ttl-cache.ts";

/**
 * Population statistics for the "how am I doing" context: every climber's mean session quality over the
 * last 30 days and their quality trend (least-squares slope, points per week), sorted, so a climber's
 * percentile is a binary search. Computed on demand and cached per process (PRIORS_CACHE_TTL_SECONDS).
 */
export interface PopulationStats {
  qualityMeans: number[];
  trends: number[];
  computedAt: string;
}

export const MIN_SESSIONS_FOR_STATS = 3;

async function loadPopulationStats(): Promise<PopulationStats> {
  const rows = await db().execute<{ mean: number; trend: number | null }>(sql`
    select avg(session_quality)::float8 as mean,
           regr_slope(session_quality, extract(epoch from started_at) / 604800)::float8 as trend
    from climbing_sessions
    where status = 'completed' and session_quality is not null and started_at > now() - interval '30 days'
    group by user_id
    having count(*) >= ${MIN_SESSIONS_FOR_STATS}`);
  const list = [...rows];
  return {
    qualityMeans: list.map((r) => Number(r.mean)).sort((a, b) => a - b),
    trends: list
      .map((r) => r.trend)
      .filter((t): t is number => t !== null)
      .map(Number)
      .sort((a, b) => a - b),
    computedAt: new Date().toISOString(),
  };
}

const holder = globalThis as typeof globalThis & { __praxisClimbStats?: TtlCache<PopulationStats> };
export function cachedPopulationStats(): Promise<PopulationStats> {
  holder.__praxisClimbStats ??= ttlCache(loadPopulationStats, () => env().PRIORS_CACHE_TTL_SECONDS);
  return holder.__praxisClimbStats.get();
}

/** Share of `sorted` strictly below `value`, plus half the ties, as a 0–100 percentile. */
export function percentile(sorted: readonly number[], value: number): number | null {
  if (sorted.length === 0) return null;
  let below = 0;
  let equal = 0;
  for (const v of sorted) {
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return Math.round(((below + equal / 2) / sorted.length) * 100);
}

export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of y on x (x in weeks): the trend of a climber's own quality. */
export function slopePerWeek(points: readonly { weeks: number; y: number }[]): number | null {
  if (points.length < MIN_SESSIONS_FOR_STATS) return null;
  const mx = points.reduce((s, p) => s + p.weeks, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.weeks - mx) * (p.y - my);
    sxx += (p.weeks - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}
