import { predictAll, type LambdaMartModel, type RankingDataset } from "../ranking/lambdamart.ts";
import { meanNdcg } from "../ranking/metrics.ts";
import type { Random } from "../random.ts";
import { observeKeystrokes, updateGramStat, type GramStat, type Keystroke } from "./key-stats.ts";
import { buildKeyProfile, KEY_ALPHABET, type KeyProfile, type SnippetIndex } from "./snippet-policy.ts";

/**
 * Learning to rank snippets from telemetry. A query is one practice session: its snippets are the
 * candidates, described by features of (the typist's key profile at the start of the session, the snippet),
 * and labelled by the learning gain that followed: how much the smoothed time of the snippet's keys dropped
 * from the start of its session to the end of the next (see gradeGain). The label is a proxy for "this text
 * made the typist faster": practice paying off is what the telemetry can show.
 */
export const FEATURE_NAMES = [
  "drill",
  "slowShare",
  "errorShare",
  "unseenShare",
  "focusCoverage",
  "maxFocusShare",
  "difficulty",
  "difficultyGap",
  "absDifficultyGap",
  "lengthHundreds",
  "sentenceMode",
  "typistConfidence",
  "heuristicScore",
] as const;
export const N_FEATURES = FEATURE_NAMES.length;

/** Hyper-parameters used by typing.train and the offline study: small trees, slow shrinkage (noisy labels). */
export const RANKER_PARAMS = {
  trees: 120,
  learningRate: 0.05,
  maxLeaves: 7,
  minLeafRows: 40,
  lambdaL2: 5,
  ndcgK: 3,
  subsample: 0.8,
  seed: 1,
};

const K = KEY_ALPHABET.length;
const KEY_INDEX = new Map(KEY_ALPHABET.map((k, i) => [k, i]));

export interface ProfileContext {
  profile: KeyProfile;
  stats: Map<string, GramStat>;
  targetDifficulty: number;
}

export function contextFromStats(stats: Map<string, GramStat>, targetDifficulty: number): ProfileContext {
  const profile = buildKeyProfile(
    [...stats.entries()]
      .filter(([g]) => g.length === 1)
      .map(([gram, s]) => ({
        gram,
        hits: s.hits,
        misses: s.misses,
        emaMs: s.emaMs,
        emaErrorRate: s.emaErrorRate,
      })),
  );
  return { profile, stats, targetDifficulty };
}

/** Writes the feature vector of snippet `row` for this context into `out` at `offset`. */
export function snippetFeatures(
  index: SnippetIndex,
  row: number,
  ctx: ProfileContext,
  out: Float32Array,
  offset: number,
): void {
  const s = index.snippets[row]!;
  let drill = 0,
    slow = 0,
    err = 0,
    unseen = 0,
    maxFocus = 0,
    coverage = 0;
  for (let k = 0; k < K; k++) {
    const share = index.keyShare[row * K + k]!;
    if (share === 0) continue;
    drill += share * ctx.profile.weakness[k]!;
    const stat = ctx.stats.get(KEY_ALPHABET[k]!);
    if (!stat || stat.hits < 5 || !stat.emaMs) unseen += share;
    else {
      slow += share * Math.max(0, 1 - 343 / stat.emaMs);
      err += share * stat.emaErrorRate;
    }
  }
  for (const f of ctx.profile.focus) {
    const share = index.keyShare[row * K + KEY_INDEX.get(f.key)!]!;
    if (share > 0) coverage++;
    maxFocus = Math.max(maxFocus, share);
  }
  let confSum = 0,
    confN = 0;
  for (const [gram, stat] of ctx.stats) {
    if (gram.length === 1 && stat.emaMs && stat.hits >= 5) {
      confSum += Math.min(2, 343 / stat.emaMs);
      confN++;
    }
  }
  const gap = s.difficulty - ctx.targetDifficulty;
  // The weakest-key heuristic's own score is a feature too, so the trees learn corrections to it.
  const heuristic = 25 * drill - 0.4 * Math.max(0, Math.abs(gap) - 1);
  const values = [
    drill,
    slow,
    err,
    unseen,
    coverage / 3,
    maxFocus,
    s.difficulty,
    gap,
    Math.abs(gap),
    s.text.length / 100,
    s.mode === "sentences" ? 1 : 0,
    confN ? confSum / confN : 0,
    heuristic,
  ];
  for (let i = 0; i < N_FEATURES; i++) out[offset + i] = values[i]!;
}

/** One typed snippet, in time order per user. */
export interface TypingEvent {
  userId: string;
  sessionId: string;
  snippetId: string;
  keystrokes: Keystroke[];
  accuracy: number;
  difficulty: number;
  completedAt: number;
}

/**
 * Grades a snippet's learning gain: the relative drop, from the start of its session to the end of the
 * next one, of the smoothed time of the keys it contains (weighted by their share of the text). Measuring
 * over two sessions averages out the noise of single presses.
 */
export function gradeGain(gain: number): number {
  if (gain <= 0) return 0;
  if (gain <= 0.02) return 1;
  if (gain <= 0.05) return 2;
  if (gain <= 0.1) return 3;
  return 4;
}

export interface LabelledDataset extends RankingDataset {
  /** Completion time of each group's last snippet, for time-based splits. */
  groupTimes: number[];
  /** Target difficulty per group (for the difficulty-match baseline). */
  groupTargets: number[];
  /** Snippet index row of each example. */
  rows: Int32Array;
}

/**
 * Replays each user's events in order, keeping their key statistics exactly as enrichment does, and emits
 * one query per session with at least two snippets (except each user's last session, whose gain is not
 * yet observable).
 */
export function buildRankingDataset(events: readonly TypingEvent[], index: SnippetIndex): LabelledDataset {
  const rowOf = new Map(index.snippets.map((s, i) => [s.id, i]));
  const byUser = new Map<string, TypingEvent[]>();
  for (const e of events) (byUser.get(e.userId) ?? byUser.set(e.userId, []).get(e.userId)!).push(e);
  const features: number[] = [];
  const labels: number[] = [];
  const rows: number[] = [];
  const groups: number[] = [];
  const groupTimes: number[] = [];
  const groupTargets: number[] = [];
  const scratch = new Float32Array(N_FEATURES);
  for (const list of byUser.values()) {
    list.sort((a, b) => a.completedAt - b.completedAt);
    const sessions: TypingEvent[][] = [];
    for (const e of list) {
      if (sessions.at(-1)?.[0]?.sessionId === e.sessionId) sessions.at(-1)!.push(e);
      else sessions.push([e]);
    }
    // Key statistics at the start of each session (and after the last one).
    const stats = new Map<string, GramStat>();
    const snapshots: Map<string, GramStat>[] = [];
    const targets: number[] = [];
    const recentDifficulty: { d: number; acc: number }[] = [];
    for (const session of sessions) {
      snapshots.push(new Map([...stats].map(([g, st]) => [g, { ...st }])));
      const last = recentDifficulty.slice(-10);
      targets.push(
        last.length
          ? last.reduce((a, r) => a + r.d, 0) / last.length +
              (last.reduce((a, r) => a + r.acc, 0) / last.length >= 0.95 ? 0.3 : -0.3)
          : 5,
      );
      for (const e of session) {
        for (const o of observeKeystrokes(e.keystrokes))
          stats.set(o.gram, updateGramStat(stats.get(o.gram), o));
        recentDifficulty.push({ d: e.difficulty, acc: e.accuracy });
      }
    }
    snapshots.push(stats);
    for (let i = 0; i + 2 < snapshots.length; i++) {
      const before = snapshots[i]!;
      const after = snapshots[i + 2]!;
      const ctx = contextFromStats(before, targets[i]!);
      const groupFeatures: number[] = [];
      const groupLabels: number[] = [];
      const groupRows: number[] = [];
      for (const e of sessions[i]!) {
        const row = rowOf.get(e.snippetId);
        if (row === undefined) continue;
        let gain = 0,
          weight = 0;
        for (let k = 0; k < KEY_ALPHABET.length; k++) {
          const share = index.keyShare[row * KEY_ALPHABET.length + k]!;
          const key = KEY_ALPHABET[k]!;
          const b = before.get(key)?.emaMs;
          const a = after.get(key)?.emaMs;
          if (share === 0 || !b || !a) continue;
          gain += (share * (b - a)) / b;
          weight += share;
        }
        if (weight === 0) continue;
        snippetFeatures(index, row, ctx, scratch, 0);
        groupFeatures.push(...scratch);
        groupLabels.push(gradeGain(gain / weight));
        groupRows.push(row);
      }
      if (groupLabels.length >= 2) {
        features.push(...groupFeatures);
        labels.push(...groupLabels);
        rows.push(...groupRows);
        groups.push(groupLabels.length);
        groupTimes.push(sessions[i]!.at(-1)!.completedAt);
        groupTargets.push(targets[i]!);
      }
    }
  }
  return {
    features: Float32Array.from(features),
    nFeatures: N_FEATURES,
    labels: Float32Array.from(labels),
    groups,
    groupTimes,
    groupTargets,
    rows: Int32Array.from(rows),
  };
}

/** Splits by time: the latest `holdout` share of sessions is the evaluation set. */
export function timeSplit(
  ds: LabelledDataset,
  holdout = 0.2,
): { train: LabelledDataset; test: LabelledDataset; cutoff: number } {
  const order = ds.groups.map((_, g) => g).sort((a, b) => ds.groupTimes[a]! - ds.groupTimes[b]!);
  const cutIndex = Math.floor(order.length * (1 - holdout));
  const cutoff = ds.groupTimes[order[cutIndex] ?? order.at(-1)!] ?? 0;
  const starts: number[] = [];
  ds.groups.reduce((offset, size, g) => ((starts[g] = offset), offset + size), 0);
  const pick = (groupIds: number[]): LabelledDataset => {
    const f: number[] = [],
      l: number[] = [],
      r: number[] = [],
      sizes: number[] = [],
      times: number[] = [],
      targets: number[] = [];
    for (const g of groupIds) {
      const start = starts[g]!,
        size = ds.groups[g]!;
      f.push(...ds.features.subarray(start * N_FEATURES, (start + size) * N_FEATURES));
      l.push(...ds.labels.subarray(start, start + size));
      r.push(...ds.rows.subarray(start, start + size));
      sizes.push(size);
      times.push(ds.groupTimes[g]!);
      targets.push(ds.groupTargets[g]!);
    }
    return {
      features: Float32Array.from(f),
      nFeatures: N_FEATURES,
      labels: Float32Array.from(l),
      rows: Int32Array.from(r),
      groups: sizes,
      groupTimes: times,
      groupTargets: targets,
    };
  };
  return { train: pick(order.slice(0, cutIndex)), test: pick(order.slice(cutIndex)), cutoff };
}

export interface Evaluation {
  k: number;
  queries: number;
  ndcg: { model: number | null; random: number; difficultyMatch: number; weakestKeyHeuristic: number };
}

/** NDCG@k of the model and the three baselines on the same queries. */
export function evaluateRankers(
  test: LabelledDataset,
  model: LambdaMartModel | null,
  random: Random,
  k = 3,
): Evaluation {
  const n = test.labels.length;
  const fi = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
  const col = (name: (typeof FEATURE_NAMES)[number]) =>
    Float32Array.from({ length: n }, (_, r) => test.features[r * N_FEATURES + fi(name)]!);
  const absGap = col("absDifficultyGap");
  const heuristic = col("heuristicScore");
  return {
    k,
    queries: test.groups.length,
    ndcg: {
      model: model ? meanNdcg(test.labels, predictAll(model, test.features), test.groups, k) : null,
      random: meanNdcg(
        test.labels,
        Float32Array.from({ length: n }, () => random.next()),
        test.groups,
        k,
      ),
      difficultyMatch: meanNdcg(
        test.labels,
        Float32Array.from(absGap, (g) => -g),
        test.groups,
        k,
      ),
      weakestKeyHeuristic: meanNdcg(test.labels, heuristic, test.groups, k),
    },
  };
}
