import { and, desc, eq, gte } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { climbingSessions } from "../../../db/schema/index.ts";
import { getBaseline, hasActiveFingerInjury } from "./baseline.server.ts";
import { historyFacts, recentLoads, type PastSession } from "./history-facts.ts";
import { userModel } from "./model.server.ts";
import { predictTypes, readinessContributions, readinessScore } from "./predictions.ts";
import { READINESS_PRIORS } from "./priors.ts";
import { applyRules, cachedRules, type Rule } from "./rules.server.ts";
import type { RecommendationRequest } from "./schemas.ts";
import { readinessOf } from "./session-readiness.ts";
import { planSession } from "./session-templates.ts";
import {
  MODELLED_TYPES,
  READINESS_FIELDS,
  SESSION_TYPE_LABELS,
  type ModelledType,
  type Readiness,
  type SessionType,
} from "./session-types.ts";
import { cachedPopulationStats, median, percentile, slopePerWeek } from "./stats.server.ts";

/**
 * The pre-session coach, rules first (as the seed's engine): load the context, check the cached rules (an
 * override answers at once, without the model), predict each allowed session type's quality from the
 * climber's stored coefficients, pick the best, then add statistical context. Each step is one phase of
 * the SSE stream; `generateRecommendation` collects them into one JSON answer.
 */
export type PhaseEvent =
  | { event: "context_loaded"; data: ReturnType<typeof contextJson> }
  | { event: "override"; data: ReturnType<typeof ruleRef> & { session_type: SessionType; message: string } }
  | { event: "prediction"; data: PredictionPhase }
  | { event: "recommendations"; data: RecommendationPhase }
  | { event: "stats"; data: StatsPhase }
  | { event: "done"; data: { ended_early: boolean; reason: string | null } };

/** Below this predicted quality for every allowed type, the coach advises rest. */
export const REST_BELOW_QUALITY = 4.5;
const HISTORY_DAYS = 90;

interface Recent extends PastSession {
  quality: number | null;
  readiness: Partial<Readiness>;
}

async function recentSessions(userId: string, now: Date): Promise<Recent[]> {
  const rows = await db()
    .select()
    .from(climbingSessions)
    .where(
      and(
        eq(climbingSessions.userId, userId),
        eq(climbingSessions.status, "completed"),
        gte(climbingSessions.startedAt, new Date(now.getTime() - HISTORY_DAYS * 86_400_000)),
      ),
    )
    .orderBy(desc(climbingSessions.startedAt))
    .limit(300);
  return rows.map((r) => ({
    startedAt: r.startedAt,
    type: (r.actualSessionType ?? r.sessionType) as SessionType,
    durationMin: r.actualDurationMin ?? r.plannedDurationMin,
    intensity: r.actualIntensity ?? r.plannedIntensity,
    quality: r.sessionQuality,
    readiness: readinessOf(r),
  }));
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const ruleRef = (r: Rule) => ({ rule: { id: r.id, name: r.name } });

function contextJson(
  userId: string,
  readiness: Partial<Readiness>,
  facts: ReturnType<typeof historyFacts>,
  baseline: Awaited<ReturnType<typeof getBaseline>>,
  rulesChecked: number,
) {
  return {
    user_id: userId,
    readiness,
    defaults_used: READINESS_FIELDS.filter((f) => readiness[f] === undefined).map((f) => ({
      field: f,
      value: READINESS_PRIORS[f].reference,
    })),
    history: facts,
    has_baseline: baseline !== null,
    rules_checked: rulesChecked,
  };
}

interface PredictionPhase {
  phase: "cold_start" | "learning" | "personalized";
  sessions_included: number;
  model_source: "priors" | "quick" | "nightly";
  last_trained_at: string | null;
  credible_level: number;
  predictions: {
    session_type: ModelledType;
    predicted_quality: number;
    interval: { lower: number; upper: number };
    probability_best: number;
    excluded_by: string | null;
  }[];
}

interface RecommendationPhase {
  recommendation: {
    session_type: SessionType;
    label: string;
    predicted_quality: number | null;
    interval: { lower: number; upper: number } | null;
    duration_min: number;
    intensity: number;
    exercises: ReturnType<typeof planSession>["exercises"];
    reasons: string[];
  };
  alternatives: { session_type: ModelledType; predicted_quality: number }[];
  constraints: (ReturnType<typeof ruleRef> & { excluded_types: ModelledType[]; message: string })[];
}

interface StatsPhase {
  quality_30d: {
    mean: number | null;
    sessions: number;
    percentile: number | null;
    population_median: number | null;
    population_climbers: number;
  };
  trend: { points_per_week: number | null; sessions: number; population_median: number | null };
  readiness_today: { score: number; percentile_vs_own_history: number | null; sessions_compared: number };
  load: { last_7_days: number; weekly_average_28_days: number; acute_chronic_ratio: number | null };
}

export async function* recommendationEvents(
  userId: string,
  request: RecommendationRequest,
  now = new Date(),
): AsyncGenerator<PhaseEvent> {
  const readiness: Partial<Readiness> = {};
  for (const f of READINESS_FIELDS) if (request[f] !== undefined) readiness[f] = request[f];
  const [baseline, recent, rules] = await Promise.all([
    getBaseline(userId),
    recentSessions(userId, now),
    cachedRules(),
  ]);
  const facts = historyFacts(
    recent,
    now,
    baseline?.timezone ?? "UTC",
    baseline
      ? { activeFingerInjury: hasActiveFingerInjury(baseline), experienceYears: baseline.experienceYears }
      : null,
  );
  yield { event: "context_loaded", data: contextJson(userId, readiness, facts, baseline, rules.length) };

  const outcome = applyRules(rules, { ...readiness, ...facts });
  if (outcome.override) {
    const o = outcome.override;
    yield { event: "override", data: { ...ruleRef(o), session_type: o.sessionType!, message: o.message } };
    yield { event: "done", data: { ended_early: true, reason: `${o.name}: ${o.message}` } };
    return;
  }

  const model = await userModel(userId);
  const excludedBy = new Map<ModelledType, string>();
  for (const c of outcome.constraints)
    for (const t of c.excludedTypes) if (!excludedBy.has(t)) excludedBy.set(t, c.name);
  const allowed = MODELLED_TYPES.filter((t) => !excludedBy.has(t));
  const predictions = predictTypes(model, readiness, allowed);
  yield {
    event: "prediction",
    data: {
      phase: model.phase,
      sessions_included: model.sessionsIncluded,
      model_source: model.source,
      last_trained_at: model.lastTrainedAt?.toISOString() ?? null,
      credible_level: 0.9,
      predictions: predictions.map((p) => ({
        session_type: p.sessionType,
        predicted_quality: round(p.mean),
        interval: { lower: round(p.lower), upper: round(p.upper) },
        probability_best: round(p.probabilityBest, 3),
        excluded_by: excludedBy.get(p.sessionType) ?? null,
      })),
    },
  };

  const ranked = predictions.filter((p) => allowed.includes(p.sessionType)).sort((a, b) => b.mean - a.mean);
  const best = ranked[0];
  const minutes = request.minutes_available ?? baseline?.minutesPerSession ?? 90;
  const grades = {
    maxBoulderV: baseline?.maxBoulderV ?? null,
    maxRouteIndex: baseline?.maxRouteIndex ?? null,
    boulderScale: baseline?.boulderScale ?? ("v" as const),
    routeScale: baseline?.routeScale ?? ("french" as const),
    experienceYears: baseline?.experienceYears ?? null,
  };
  let recommendation: RecommendationPhase["recommendation"];
  if (!best || best.mean < REST_BELOW_QUALITY) {
    recommendation = {
      session_type: "rest",
      label: SESSION_TYPE_LABELS.rest,
      predicted_quality: null,
      interval: null,
      duration_min: 0,
      intensity: 1,
      exercises: [{ name: "Rest: a walk, mobility or nothing at all" }],
      reasons: best
        ? [
            `Every session type you may do today is predicted below ${REST_BELOW_QUALITY}/10; rest and come back fresher.`,
          ]
        : ["Today's rules rule out every session type."],
    };
  } else {
    const plan = planSession(best.sessionType, minutes, grades);
    const why = readinessContributions(model, best.sessionType, readiness)
      .slice(0, 2)
      .map(
        (c) =>
          `${c.field.replace(/_/g, " ")} ${c.points >= 0 ? "adds" : "costs"} ${Math.abs(round(c.points, 1))} points today`,
      );
    recommendation = {
      session_type: best.sessionType,
      label: SESSION_TYPE_LABELS[best.sessionType],
      predicted_quality: round(best.mean),
      interval: { lower: round(best.lower), upper: round(best.upper) },
      duration_min: plan.durationMin,
      intensity: plan.intensity,
      exercises: plan.exercises,
      reasons: [
        `Highest predicted session quality today (${round(best.mean).toFixed(1)}/10, ${Math.round(best.probabilityBest * 100)}% likely the best choice).`,
        ...why,
        ...(model.phase === "cold_start"
          ? ["Based on population priors: log 10 rated sessions and the advice becomes yours."]
          : []),
      ],
    };
  }
  yield {
    event: "recommendations",
    data: {
      recommendation,
      alternatives: ranked
        .slice(1)
        .map((p) => ({ session_type: p.sessionType, predicted_quality: round(p.mean) })),
      constraints: outcome.constraints.map((c) => ({
        ...ruleRef(c),
        excluded_types: c.excludedTypes,
        message: c.message,
      })),
    },
  };

  yield {
    event: "stats",
    data: await statsFor(recent, model.coefficients, readiness, now, baseline?.timezone ?? "UTC", facts),
  };
  yield { event: "done", data: { ended_early: false, reason: null } };
}

async function statsFor(
  recent: readonly Recent[],
  coefficients: readonly number[],
  readiness: Partial<Readiness>,
  now: Date,
  timeZone: string,
  facts: ReturnType<typeof historyFacts>,
): Promise<StatsPhase> {
  const population = await cachedPopulationStats();
  const rated = recent.filter((s) => s.quality !== null);
  const last30 = rated.filter((s) => now.getTime() - s.startedAt.getTime() < 30 * 86_400_000);
  const mean30 = last30.length ? last30.reduce((s, x) => s + x.quality!, 0) / last30.length : null;
  // The same 30-day window as the population slopes it is compared with (stats.server.ts).
  const trend = slopePerWeek(
    last30.map((s) => ({ weeks: s.startedAt.getTime() / 604_800_000, y: s.quality! })),
  );
  const score = readinessScore(coefficients, readiness);
  const ownScores = rated.map((s) => readinessScore(coefficients, s.readiness)).sort((a, b) => a - b);
  const { last7: load7, last28: load28 } = recentLoads(recent, now, timeZone);
  return {
    quality_30d: {
      mean: mean30 === null ? null : round(mean30),
      sessions: last30.length,
      percentile: mean30 !== null && last30.length >= 3 ? percentile(population.qualityMeans, mean30) : null,
      population_median: median(population.qualityMeans),
      population_climbers: population.qualityMeans.length,
    },
    trend: {
      points_per_week: trend === null ? null : round(trend),
      sessions: last30.length,
      population_median: (() => {
        const m = median(population.trends);
        return m === null ? null : round(m);
      })(),
    },
    readiness_today: {
      score: round(score),
      percentile_vs_own_history: ownScores.length >= 3 ? percentile(ownScores, score) : null,
      sessions_compared: ownScores.length,
    },
    load: {
      last_7_days: load7,
      weekly_average_28_days: round(load28 / 4, 1),
      acute_chronic_ratio: facts.acute_chronic_load_ratio ?? null,
    },
  };
}

/** The whole recommendation as one JSON object (the same phases, collected). */
export async function generateRecommendation(
  userId: string,
  request: RecommendationRequest,
  now = new Date(),
) {
  const out: Record<string, unknown> = {
    override: null,
    prediction: null,
    recommendations: null,
    stats: null,
  };
  for await (const e of recommendationEvents(userId, request, now)) {
    if (e.event === "context_loaded") out.context = e.data;
    else if (e.event === "done") out.done = e.data;
    else out[e.event] = e.data;
  }
  return { generated_at: now.toISOString(), ...out } as {
    generated_at: string;
    context: ReturnType<typeof contextJson>;
    override: Extract<PhaseEvent, { event: "override" }>["data"] | null;
    prediction: PredictionPhase | null;
    recommendations: RecommendationPhase | null;
    stats: StatsPhase | null;
    done: { ended_early: boolean; reason: string | null };
  };
}
