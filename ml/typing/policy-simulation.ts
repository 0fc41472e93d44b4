import { predictRow, trainLambdaMart, type LambdaMartModel } from "../ranking/lambdamart.ts";
import { createRandom, type Random } from "../random.ts";
import type { GramStat } from "./key-stats.ts";
import { observeKeystrokes, updateGramStat } from "./key-stats.ts";
import {
  buildRankingDataset,
  contextFromStats,
  evaluateRankers,
  FEATURE_NAMES,
  N_FEATURES,
  RANKER_PARAMS,
  snippetFeatures,
  timeSplit,
  type Evaluation,
  type ProfileContext,
  type TypingEvent,
} from "./ranking-dataset.ts";
import { createTypist, meanLatency, trueWeakestKeys, typeText } from "./simulator.ts";
import { rankByDifficulty, rankByWeakKeys, type SnippetIndex } from "./snippet-policy.ts";

/**
 * Offline policy evaluation with simulated typists: each policy chooses every snippet for a cohort of
 * learners whose true per-key skill improves only with practice; we measure how much the keys each learner
 * started weakest on actually improved. The same loop generates training telemetry for the learned ranker.
 */
export type PolicyName = "random" | "difficulty-match" | "weakest-key" | "learned";

export interface Policy {
  name: PolicyName;
  choose(
    index: SnippetIndex,
    ctx: ProfileContext,
    recent: Set<string>,
    count: number,
    random: Random,
  ): number[];
}

const MODE = "words" as const;

export function randomPolicy(): Policy {
  return {
    name: "random",
    choose(index, _ctx, recent, count, random) {
      const rows: number[] = [];
      const eligible = index.snippets
        .map((s, i) => i)
        .filter((i) => index.snippets[i]!.mode === MODE && !recent.has(index.snippets[i]!.id));
      while (rows.length < count && eligible.length)
        rows.push(eligible.splice(random.int(eligible.length), 1)[0]!);
      return rows;
    },
  };
}

const rowsOf = (index: SnippetIndex, ids: string[]) => {
  const rowOf = new Map(index.snippets.map((s, i) => [s.id, i]));
  return ids.map((id) => rowOf.get(id)!);
};

export function heuristicPolicy(exploration = 0.1): Policy {
  return {
    name: "weakest-key",
    choose: (index, ctx, recent, count, random) =>
      rowsOf(
        index,
        rankByWeakKeys(index, ctx.profile, {
          mode: MODE,
          count,
          targetDifficulty: ctx.targetDifficulty,
          recent,
          random,
          exploration,
        }).map((r) => r.snippet.id),
      ),
  };
}

export function difficultyPolicy(): Policy {
  return {
    name: "difficulty-match",
    choose: (index, ctx, recent, count, random) =>
      rowsOf(
        index,
        rankByDifficulty(index, ctx.profile, {
          mode: MODE,
          count,
          targetDifficulty: ctx.targetDifficulty,
          recent,
          random,
        }).map((r) => r.snippet.id),
      ),
  };
}

/** Two stages, as served: the heuristic shortlists 300 candidates, the model orders them. */
export function learnedPolicy(
  model: LambdaMartModel,
  exploration = 0.1,
  mode: "words" | "sentences" = MODE,
): Policy {
  const scratch = new Float32Array(N_FEATURES);
  return {
    name: "learned",
    choose(index, ctx, recent, count, random) {
      const shortlist = rankByWeakKeys(index, ctx.profile, {
        mode: MODE,
        count: 300,
        targetDifficulty: ctx.targetDifficulty,
        recent,
        random,
        exploration: 0,
      });
      const rows = rowsOf(
        index,
        shortlist.map((r) => r.snippet.id),
      );
      const scored = rows.map((row) => {
        snippetFeatures(index, row, ctx, scratch, 0);
        return { row, score: predictRow(model, scratch) };
      });
      scored.sort((a, b) => b.score - a.score);
      const out: number[] = [];
      for (const s of scored) {
        if (out.length >= count) break;
        out.push(s.row);
      }
      // Exploration: occasionally swap one pick for a random eligible snippet.
      if (random.next() < exploration * count && out.length) {
        const eligible = index.snippets
          .map((_, i) => i)
          .filter((i) => index.snippets[i]!.mode === mode && !recent.has(index.snippets[i]!.id));
        const pick = eligible.length ? eligible[random.int(eligible.length)] : undefined;
        if (pick !== undefined && !out.includes(pick)) out[out.length - 1] = pick;
      }
      return out;
    },
  };
}

export interface CohortResult {
  policy: PolicyName;
  learners: number;
  sessions: number;
  /** Mean relative drop of the true latency of each learner's 3 initially weakest keys. */
  weakKeyImprovement: number;
  /** Same, over all letters. */
  overallImprovement: number;
  meanWpmLastSession: number;
  events: TypingEvent[];
}

export function simulateCohort(
  index: SnippetIndex,
  policy: Policy,
  options: { learners: number; sessions: number; perSession?: number; seed: number },
): CohortResult {
  const random = createRandom(options.seed);
  const perSession = options.perSession ?? 5;
  const events: TypingEvent[] = [];
  let weakGain = 0,
    overallGain = 0,
    lastWpm = 0;
  const letters = [..."abcdefghijklmnopqrstuvwxyz"];
  for (let l = 0; l < options.learners; l++) {
    const typist = createTypist(createRandom(options.seed * 1000 + l));
    const weak = trueWeakestKeys(typist, 3);
    const weakBefore = meanLatency(typist, weak);
    const allBefore = meanLatency(typist, letters);
    const stats = new Map<string, GramStat>();
    const recentIds: string[] = [];
    const recentDifficulty: { d: number; acc: number }[] = [];
    let clock = Date.UTC(2026, 0, 1) + l * 1000;
    let wpmSum = 0;
    for (let s = 0; s < options.sessions; s++) {
      const last = recentDifficulty.slice(-10);
      const target = last.length
        ? last.reduce((a, r) => a + r.d, 0) / last.length +
          (last.reduce((a, r) => a + r.acc, 0) / last.length >= 0.95 ? 0.3 : -0.3)
        : 5;
      const ctx = contextFromStats(stats, target);
      const rows = policy.choose(index, ctx, new Set(recentIds.slice(-200)), perSession, random);
      wpmSum = 0;
      for (const row of rows) {
        const snippet = index.snippets[row]!;
        const typed = typeText(typist, snippet.text, random);
        clock += typed.durationMs + 5_000;
        events.push({
          userId: `sim-${options.seed}-${l}`,
          sessionId: `sim-${options.seed}-${l}-${s}`,
          snippetId: snippet.id,
          keystrokes: typed.keystrokes,
          accuracy: typed.accuracy,
          difficulty: snippet.difficulty,
          completedAt: clock,
        });
        for (const o of observeKeystrokes(typed.keystrokes))
          stats.set(o.gram, updateGramStat(stats.get(o.gram), o));
        recentIds.push(snippet.id);
        recentDifficulty.push({ d: snippet.difficulty, acc: typed.accuracy });
        wpmSum += typed.wpm;
      }
      clock += 86_400_000; // a session a day
    }
    weakGain += (weakBefore - meanLatency(typist, weak)) / weakBefore;
    overallGain += (allBefore - meanLatency(typist, letters)) / allBefore;
    lastWpm += wpmSum / perSession;
  }
  return {
    policy: policy.name,
    learners: options.learners,
    sessions: options.sessions,
    weakKeyImprovement: weakGain / options.learners,
    overallImprovement: overallGain / options.learners,
    meanWpmLastSession: lastWpm / options.learners,
    events,
  };
}

export interface SimulationReport {
  evaluation: Evaluation;
  trainingQueries: number;
  cohorts: Omit<CohortResult, "events">[];
  model: LambdaMartModel;
}

/**
 * The whole offline study: log telemetry from learners practising under the heuristic with extra
 * exploration, train the ranker on it (time-split NDCG against the baselines), then run fresh learners
 * under each policy and compare how much their weak keys improve.
 */
export function runPolicyStudy(
  index: SnippetIndex,
  options: { learners: number; sessions: number; seed?: number },
): SimulationReport {
  const seed = options.seed ?? 7;
  const logged = simulateCohort(index, heuristicPolicy(0.3), {
    learners: options.learners,
    sessions: options.sessions,
    seed,
  });
  const dataset = buildRankingDataset(logged.events, index);
  const { train, test } = timeSplit(dataset, 0.2);
  const model = trainLambdaMart(train, [...FEATURE_NAMES], RANKER_PARAMS);
  const evaluation = evaluateRankers(test, model, createRandom(seed + 1), 3);
  const fresh = { learners: options.learners, sessions: options.sessions, seed: seed + 100 };
  const cohorts = [randomPolicy(), difficultyPolicy(), heuristicPolicy(), learnedPolicy(model)].map((p) => {
    const { events: _events, ...summary } = simulateCohort(index, p, fresh);
    return summary;
  });
  return { evaluation, trainingQueries: train.groups.length, cohorts, model };
}
