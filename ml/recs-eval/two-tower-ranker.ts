import {
  predictAll,
  trainLambdaMart,
  type LambdaMartModel,
  type TrainOptions,
} from "../ranking/lambdamart.ts";
import {
  embedUser,
  itemMatrix,
  itemScores,
  trainTwoTower,
  type SparseFeatures,
  type TwoTowerModel,
  type TwoTowerOptions,
} from "../retrieval/two-tower.ts";
import { disjointSplits, itemCounts, userItems, type Csr, type InteractionSet } from "./interactions.ts";
import { trainItemKnn, type ItemKnn, type ItemKnnOptions } from "./item-knn.ts";
import { ndcgAtK, relevantSets, topK, type Recommender } from "./metrics.ts";

/**
 * Two-stage recommendation: the two-tower model retrieves each user's top `candidates` items (training items
 * excluded), and a LambdaMART ranker (ml/ranking/lambdamart.ts) re-orders them from features of the pair
 * (RANKER_FEATURES: retrieval, ItemKNN and EASE scores and ranks, item popularity, user activity and
 * mainstreamness, side-feature overlap, item availability over the user's active period, and a linear blend).
 *
 * The ranker needs labelled candidate lists that no test interaction has touched: the training interactions
 * are cut into `folds` disjoint validation slices (random, `validationFraction` each); for each slice,
 * two-tower, ItemKNN and EASE are fitted on the rest, their candidates for each user are labelled 1 when in
 * that user's slice, and the ranker learns from all those lists. At recommendation time the features come
 * from the models fitted on all training interactions (the same settings), so scale-dependent features are
 * also given as ranks, percentiles and within-user z-scores.
 *
 * LambdaMART from a zero score fitted ML-100K worse than a linear blend of the scores: it builds a smooth
 * combination out of steps, and follows LambdaRank's surrogate rather than NDCG itself. So the blend
 * (BlendWeights, fitted for NDCG@10 on the same lists) is its base margin and the trees only learn
 * corrections to it, from the features in DEFAULT_RANKER_FEATURES. EASE is in the blend because it is the
 * cheap signal the two-tower carries least of (on a validation slice it added about twice what ItemKNN and
 * popularity did); it holds an nItems² matrix, fine for catalogues of a few thousand items.
 */
export interface TwoTowerRankerOptions {
  /** Candidates retrieved per user and re-ranked (default 100). */
  candidates?: number;
  /** Share of the training interactions in each validation slice (default 0.2). */
  validationFraction?: number;
  /**
   * Disjoint validation slices, each with its own retrieval, ItemKNN and EASE fit on the rest (default 5,
   * which with 0.2 uses every training interaction once as a label); more slices, more lists to learn from.
   */
  folds?: number;
  /** EASE's L2 penalty λ (default 300, tuned on a validation slice); 0 leaves out EASE (its features 0). */
  easeLambda?: number;
  /**
   * Leave out EASE above this many items (default 5,000): its fit is O(items³) time and O(items²) memory,
   * a few seconds for ML-100K's 1,682 items, far more for a large catalogue.
   */
  easeMaxItems?: number;
  /** Start boosting from the scaled linear blend (default true); false starts LambdaMART from zero. */
  baseMargin?: boolean;
  twoTower?: TwoTowerOptions;
  itemKnn?: ItemKnnOptions;
  lambdaMart?: TrainOptions;
  /** The features LambdaMART's trees split on (default DEFAULT_RANKER_FEATURES). */
  features?: readonly RankerFeature[];
  seed?: number;
}

export type RankerFeature = (typeof RANKER_FEATURES)[number];

/**
 * The "linear blend" feature, z(retrieval) + itemKnn · z(itemknn) + ease · z(ease) + popularity · log
 * popularity share, with the weights on a small grid that maximise NDCG@10 of the ranker's training lists;
 * `scale` turns it into the base margin: the factor minimising the ΔNDCG-weighted pairwise logistic loss on
 * those lists (the loss LambdaMART's trees then descend), so their first steps are neither swamped by an
 * overconfident start nor spent on rescaling it.
 */
export interface BlendWeights {
  itemKnn: number;
  popularity: number;
  ease: number;
  scale: number;
}

export interface TwoTowerRanker extends Recommender {
  ranker: LambdaMartModel;
  featureNames: string[];
  blend: BlendWeights;
  /** Whether the trees boost from the scaled blend (else from zero). */
  baseMargin: boolean;
  /** Share of validation positives inside the candidate lists the ranker learnt from (its ceiling). */
  validationCandidateRecall: number;
  /** Lists the ranker learnt from (those with at least one validation positive among the candidates). */
  trainingLists: number;
}

/**
 * EASE (Steck 2019): the item-item weights B minimising ‖X − XB‖² + λ‖B‖² with diag(B) = 0, in closed form
 * B = I − P · diag(1 / diag P), P = (XᵀX + λI)⁻¹; a user's score for i is Σ_{j ∈ history} B[j, i].
 */
export interface Ease {
  nItems: number;
  /** Row-major nItems x nItems, row j = what history item j adds to every target. */
  weights: Float32Array;
}

export function trainEase(train: InteractionSet, lambda: number): Ease {
  const n = train.nItems;
  const lists = userItems(train);
  const gram = new Float64Array(n * n);
  for (let u = 0; u < train.nUsers; u++) {
    const from = lists.offsets[u]!,
      to = lists.offsets[u + 1]!;
    for (let p = from; p < to; p++) {
      const o = lists.indices[p]! * n;
      for (let q = from; q < to; q++) gram[o + lists.indices[q]!]! += 1;
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i]! += lambda;
  const P = invertSpd(gram, n);
  const weights = new Float32Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) if (i !== j) weights[j * n + i] = -P[j * n + i]! / P[i * n + i]!;
  return { nItems: n, weights };
}

export function easeScores(ease: Ease, history: ArrayLike<number>, out: Float32Array): void {
  const n = ease.nItems;
  out.fill(0);
  for (let h = 0; h < history.length; h++) {
    const o = history[h]! * n;
    for (let i = 0; i < n; i++) out[i]! += ease.weights[o + i]!;
  }
}

/**
 * The inverse of a symmetric positive-definite matrix (row-major, overwritten): Cholesky A = LLᵀ, M = L⁻¹ row
 * by row, A⁻¹ = MᵀM, every inner loop over a contiguous row.
 */
function invertSpd(A: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    const oj = j * n;
    let d = A[oj + j]!;
    for (let k = 0; k < j; k++) d -= A[oj + k]! * A[oj + k]!;
    if (!(d > 0)) throw new Error("matrix is not positive definite");
    d = Math.sqrt(d);
    A[oj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const oi = i * n;
      let t = A[oi + j]!;
      for (let k = 0; k < j; k++) t -= A[oi + k]! * A[oj + k]!;
      A[oi + j] = t / d;
    }
  }
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    M[oi + i] = 1;
    for (let k = 0; k < i; k++) {
      const l = A[oi + k]!;
      if (l === 0) continue;
      const ok = k * n;
      for (let c = 0; c <= k; c++) M[oi + c]! -= l * M[ok + c]!;
    }
    const d = A[oi + i]!;
    for (let c = 0; c <= i; c++) M[oi + c]! /= d;
  }
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const ok = k * n;
    for (let i = 0; i <= k; i++) {
      const m = M[ok + i]!;
      if (m === 0) continue;
      const oi = i * n;
      for (let j = i; j <= k; j++) out[oi + j]! += m * M[ok + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i]!;
  return out;
}

/** What the features of a (user, candidate) pair are computed from: models fitted on one training set. */
export interface FeatureContext {
  twoTower: TwoTowerModel;
  itemVectors: Float32Array;
  itemKnn: ItemKnn;
  /** EASE weights, or null to leave its features at zero. */
  ease: Ease | null;
  train: InteractionSet;
  lists: Csr;
  /** Popularity percentile of each item (0 least, 1 most interacted) and log share of interactions. */
  popPercentile: Float32Array;
  logPopShare: Float32Array;
  /** Activity percentile of each user. */
  activityPercentile: Float32Array;
  /** First and last training timestamp of each item and user (NaN without timestamps). */
  itemFirst: Float64Array;
  itemLast: Float64Array;
  userFirst: Float64Array;
  userLast: Float64Array;
  itemFeatures: SparseFeatures | null;
}

export const RANKER_FEATURES = [
  "linear blend",
  "retrieval score",
  "retrieval rank",
  "retrieval score, z within user",
  "itemknn score",
  "itemknn rank",
  "itemknn score / user max",
  "itemknn score, z within user",
  "ease score",
  "ease rank",
  "ease score, z within user",
  "item popularity percentile",
  "item log popularity share",
  "user activity percentile",
  "user log activity",
  "user mean popularity percentile",
  "item minus user popularity percentile",
  "side-feature overlap",
  "days from user's last activity to item's first",
  "days from item's last activity to user's first",
] as const;

/**
 * What the trees see by default: the blend, and whether the item only turned up after the user's last
 * activity (a step no blend of scores expresses). Screened one by one on held-out training lists (lists of
 * half the users, trees trained on the other half): every score, rank, popularity or activity feature made
 * those lists worse, because the blend already holds their NDCG-optimal combination and the trees, following
 * LambdaRank's smooth surrogate, only drift from it.
 */
export const DEFAULT_RANKER_FEATURES: readonly RankerFeature[] = [
  "linear blend",
  "days from user's last activity to item's first",
];

/** Seconds to days, 0 when unknown (a file without timestamps). */
const days = (seconds: number) => (Number.isFinite(seconds) ? seconds / 86400 : 0);

function percentiles(values: ArrayLike<number>): Float32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Float32Array(n);
  // Ties share the percentile of their first position, so equal counts get equal values.
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    out[i] = r > 0 && values[i] === values[order[r - 1]!] ? out[order[r - 1]!]! : n > 1 ? r / (n - 1) : 0;
  }
  return out;
}

export function featureContext(
  train: InteractionSet,
  twoTower: TwoTowerModel,
  itemKnn: ItemKnn,
  itemFeatures: SparseFeatures | null = null,
  ease: Ease | null = null,
): FeatureContext {
  const counts = itemCounts(train);
  const lists = userItems(train);
  const activity = Float32Array.from(
    { length: train.nUsers },
    (_, u) => lists.offsets[u + 1]! - lists.offsets[u]!,
  );
  const total = Math.max(1, train.users.length);
  const span = (n: number, of: Int32Array) => {
    const first = new Float64Array(n).fill(NaN),
      last = new Float64Array(n).fill(NaN);
    for (let r = 0; r < of.length; r++) {
      const e = of[r]!,
        t = train.timestamps[r]!;
      if (!(t >= first[e]!)) first[e] = t; // also replaces NaN
      if (!(t <= last[e]!)) last[e] = t;
    }
    return { first, last };
  };
  const items = span(train.nItems, train.items),
    users = span(train.nUsers, train.users);
  return {
    twoTower,
    itemVectors: itemMatrix(twoTower),
    itemKnn,
    ease,
    train,
    lists,
    popPercentile: percentiles(counts),
    logPopShare: Float32Array.from(counts, (c) => Math.log(((c + 1) / total) * train.nItems)),
    activityPercentile: percentiles(activity),
    itemFirst: items.first,
    itemLast: items.last,
    userFirst: users.first,
    userLast: users.last,
    itemFeatures,
  };
}

/** Each candidate's rank (0 best) by `scores` among the candidates, ties by candidate order. */
function ranksAmong(candidates: Int32Array, scores: Float32Array): Int32Array {
  const order = Array.from(candidates.keys()).sort(
    (a, b) => scores[candidates[b]!]! - scores[candidates[a]!]! || a - b,
  );
  const rank = new Int32Array(candidates.length);
  order.forEach((r, position) => (rank[r] = position));
  return rank;
}

/** Mean, standard deviation (1 when flat) and maximum (1 when <= 0) of `scores` over the candidates. */
function stats(candidates: Int32Array, scores: Float32Array): { mean: number; sd: number; max: number } {
  const n = candidates.length;
  let mean = 0,
    sq = 0,
    max = 0;
  for (const i of candidates) {
    const v = scores[i]!;
    mean += v;
    sq += v * v;
    max = Math.max(max, v);
  }
  mean /= n || 1;
  const sd = Math.sqrt(Math.max(sq / (n || 1) - mean * mean, 0)) || 1;
  return { mean, sd, max: max || 1 };
}

/**
 * The user's top candidates by retrieval score (training items excluded) and their feature rows
 * (candidates x RANKER_FEATURES.length, row-major).
 */
export function candidateFeatures(
  ctx: FeatureContext,
  user: number,
  nCandidates: number,
): { candidates: Int32Array; features: Float32Array } {
  const nItems = ctx.train.nItems;
  const F = RANKER_FEATURES.length;
  const history = ctx.lists.indices.subarray(ctx.lists.offsets[user]!, ctx.lists.offsets[user + 1]!);
  const retrieval = new Float32Array(nItems);
  itemScores(ctx.twoTower, embedUser(ctx.twoTower, user), ctx.itemVectors, retrieval);
  const candidates = topK(retrieval, nCandidates, history);
  const knn = new Float32Array(nItems);
  ctx.itemKnn.score(user, knn);
  const ease = new Float32Array(nItems);
  if (ctx.ease) easeScores(ctx.ease, history, ease);
  const n = candidates.length;

  const knnRank = ranksAmong(candidates, knn);
  const easeRank = ranksAmong(candidates, ease);
  const rs = stats(candidates, retrieval);
  const ks = stats(candidates, knn);
  const es = stats(candidates, ease);

  let userPop = 0;
  for (const i of history) userPop += ctx.popPercentile[i]!;
  userPop = history.length ? userPop / history.length : 0.5;

  // Side features: the share of the candidate's features among the user's history's feature counts.
  let profile: Float32Array | null = null;
  if (ctx.itemFeatures) {
    profile = new Float32Array(ctx.itemFeatures.nFeatures);
    for (const i of history)
      for (let p = ctx.itemFeatures.offsets[i]!; p < ctx.itemFeatures.offsets[i + 1]!; p++)
        profile[ctx.itemFeatures.indices[p]!]! += 1 / history.length;
  }

  const features = new Float32Array(n * F);
  for (let r = 0; r < n; r++) {
    const i = candidates[r]!;
    let overlap = 0;
    if (profile && ctx.itemFeatures) {
      const from = ctx.itemFeatures.offsets[i]!,
        to = ctx.itemFeatures.offsets[i + 1]!;
      for (let p = from; p < to; p++) overlap += profile[ctx.itemFeatures.indices[p]!]!;
      if (to > from) overlap /= to - from;
    }
    const row = [
      0, // the linear blend, filled in by applyBlend once its weights are known
      retrieval[i]!,
      r,
      (retrieval[i]! - rs.mean) / rs.sd,
      knn[i]!,
      knnRank[r]!,
      knn[i]! / ks.max,
      (knn[i]! - ks.mean) / ks.sd,
      ease[i]!,
      easeRank[r]!,
      (ease[i]! - es.mean) / es.sd,
      ctx.popPercentile[i]!,
      ctx.logPopShare[i]!,
      ctx.activityPercentile[user]!,
      Math.log1p(history.length),
      userPop,
      ctx.popPercentile[i]! - userPop,
      overlap,
      days(ctx.itemFirst[i]! - ctx.userLast[user]!),
      days(ctx.userFirst[user]! - ctx.itemLast[i]!),
    ];
    features.set(row, r * F);
  }
  return { candidates, features };
}

const column = Object.fromEntries(RANKER_FEATURES.map((name, c) => [name, c])) as Record<
  RankerFeature,
  number
>;

function blendValue(features: Float32Array, o: number, w: Omit<BlendWeights, "scale">): number {
  return (
    features[o + column["retrieval score, z within user"]]! +
    w.itemKnn * features[o + column["itemknn score, z within user"]]! +
    w.ease * features[o + column["ease score, z within user"]]! +
    w.popularity * features[o + column["item log popularity share"]]!
  );
}

/** Fills the "linear blend" column of candidate feature rows. */
export function applyBlend(features: Float32Array, weights: Omit<BlendWeights, "scale">): void {
  const F = RANKER_FEATURES.length;
  for (let o = 0; o < features.length; o += F)
    features[o + column["linear blend"]] = blendValue(features, o, weights);
}

type LabelledList = { candidates: Int32Array; features: Float32Array; relevant: ReadonlySet<number> };

/** Grid search of the blend weights on labelled candidate lists, then its scale (see BlendWeights). */
export function fitBlend(lists: readonly LabelledList[], k = 10, withEase = true): BlendWeights {
  const F = RANKER_FEATURES.length;
  let best = { itemKnn: 0, popularity: 0, ease: 0 };
  let bestNdcg = -1;
  const cols = lists.map((l) => {
    const n = l.candidates.length;
    const get = (name: RankerFeature) =>
      Float32Array.from({ length: n }, (_, r) => l.features[r * F + column[name]]!);
    return {
      retrieval: get("retrieval score, z within user"),
      knn: get("itemknn score, z within user"),
      ease: get("ease score, z within user"),
      pop: get("item log popularity share"),
      scores: new Float32Array(n),
    };
  });
  for (const itemKnn of [0, 0.25, 0.5, 0.75, 1, 1.5]) {
    for (const popularity of [0, 0.125, 0.25, 0.5, 0.75, 1]) {
      for (const ease of withEase ? [0, 0.25, 0.5, 0.75, 1, 1.5] : [0]) {
        let total = 0;
        for (const [n, list] of lists.entries()) {
          const c = cols[n]!;
          for (let r = 0; r < c.scores.length; r++)
            c.scores[r] = c.retrieval[r]! + itemKnn * c.knn[r]! + ease * c.ease[r]! + popularity * c.pop[r]!;
          total += ndcgAtK(
            Array.from(topK(c.scores, k), (r) => list.candidates[r]!),
            list.relevant,
            k,
          );
        }
        if (total > bestNdcg) {
          bestNdcg = total;
          best = { itemKnn, popularity, ease };
        }
      }
    }
  }
  return { ...best, scale: calibrateScale(lists, best, k) };
}

/**
 * The c > 0 minimising Σ |ΔNDCG@k| log(1 + exp(−c (blend_pos − blend_neg))) over each list's (positive,
 * negative) pairs with one of them in the blend's top k: LambdaMART's loss at the start. Convex in c, so a
 * ternary search on log c finds it.
 */
function calibrateScale(lists: readonly LabelledList[], w: Omit<BlendWeights, "scale">, k: number): number {
  const F = RANKER_FEATURES.length;
  const gaps: number[] = [],
    weights: number[] = [];
  for (const list of lists) {
    const n = list.candidates.length;
    const blend = Float32Array.from({ length: n }, (_, r) => blendValue(list.features, r * F, w));
    const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => blend[b]! - blend[a]! || a - b);
    const rank = new Int32Array(n);
    order.forEach((r, position) => (rank[r] = position));
    const positive = Array.from(list.candidates, (i) => list.relevant.has(i));
    const hits = positive.filter(Boolean).length;
    let idcg = 0;
    for (let r = 0; r < Math.min(k, hits); r++) idcg += 1 / Math.log2(r + 2);
    const discount = (r: number) => (rank[r]! < k ? 1 / Math.log2(rank[r]! + 2) : 0);
    for (let a = 0; a < n; a++) {
      if (!positive[a]) continue;
      for (let b = 0; b < n; b++) {
        if (positive[b] || (rank[a]! >= k && rank[b]! >= k)) continue;
        gaps.push(blend[a]! - blend[b]!);
        weights.push(Math.abs(discount(a) - discount(b)) / idcg);
      }
    }
  }
  const loss = (c: number) => {
    let total = 0;
    for (let p = 0; p < gaps.length; p++) {
      const x = -c * gaps[p]!;
      total += weights[p]! * (x > 30 ? x : Math.log1p(Math.exp(x)));
    }
    return total;
  };
  let lo = Math.log(1 / 64),
    hi = Math.log(16);
  for (let step = 0; step < 40; step++) {
    const a = lo + (hi - lo) / 3,
      b = hi - (hi - lo) / 3;
    if (loss(Math.exp(a)) <= loss(Math.exp(b))) hi = b;
    else lo = a;
  }
  return gaps.length ? Math.exp((lo + hi) / 2) : 1;
}

/** The chosen columns of row-major feature rows. */
function pick(features: Float32Array, columns: readonly number[]): Float32Array {
  const F = RANKER_FEATURES.length;
  const rows = features.length / F;
  const out = new Float32Array(rows * columns.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns.length; c++) out[r * columns.length + c] = features[r * F + columns[c]!]!;
  return out;
}

/** The base margin of feature rows: the scaled linear blend, or zeros without one. */
function baseScores(features: Float32Array, blend: BlendWeights, on: boolean): Float32Array {
  const F = RANKER_FEATURES.length;
  return Float32Array.from({ length: features.length / F }, (_, r) =>
    on ? blend.scale * features[r * F + column["linear blend"]]! : 0,
  );
}

/**
 * Trains the ranker on validation slices of `train` and returns a recommender that re-ranks the candidates
 * of `full` (the two-tower and ItemKNN fitted on all of `train`, trained here when not given).
 */
export function trainTwoTowerRanker(
  train: InteractionSet,
  options: TwoTowerRankerOptions = {},
  full?: { twoTower: TwoTowerModel; itemKnn: ItemKnn },
): TwoTowerRanker {
  const nCandidates = options.candidates ?? 100;
  const seed = options.seed ?? 1;
  const itemFeatures = options.twoTower?.itemFeatures ?? null;
  const easeLambda = train.nItems <= (options.easeMaxItems ?? 5000) ? (options.easeLambda ?? 300) : 0;
  const useBase = options.baseMargin ?? true;
  const featureNames = [...(options.features ?? DEFAULT_RANKER_FEATURES)];
  const columns = featureNames.map((name) => column[name]);
  const fraction = options.validationFraction ?? 0.2;
  const folds = options.folds ?? Math.max(1, Math.min(5, Math.floor(1 / fraction + 1e-9)));
  const splits = disjointSplits(train, fraction, folds, seed + 1000);
  const lists: LabelledList[] = [];
  let found = 0,
    positives = 0;
  for (const [f, inner] of splits.entries()) {
    const fitContext = featureContext(
      inner.train,
      trainTwoTower(inner.train, { ...options.twoTower, seed: (options.twoTower?.seed ?? seed) + f }),
      trainItemKnn(inner.train, options.itemKnn),
      itemFeatures,
      easeLambda > 0 ? trainEase(inner.train, easeLambda) : null,
    );
    const relevant = relevantSets(inner.test);
    for (let u = 0; u < train.nUsers; u++) {
      const rel = relevant[u]!;
      if (rel.size === 0) continue;
      const { candidates, features } = candidateFeatures(fitContext, u, nCandidates);
      let hits = 0;
      for (const i of candidates) if (rel.has(i)) hits++;
      found += hits;
      positives += rel.size;
      if (hits > 0) lists.push({ candidates, features, relevant: rel }); // no positive, no LambdaRank gradient
    }
  }
  const blend = fitBlend(lists, 10, easeLambda > 0);
  const labels: number[] = [];
  const parts: Float32Array[] = [];
  for (const list of lists) {
    applyBlend(list.features, blend);
    parts.push(pick(list.features, columns));
    for (const i of list.candidates) labels.push(list.relevant.has(i) ? 1 : 0);
  }
  const features = new Float32Array(labels.length * columns.length);
  let offset = 0;
  for (const part of parts) {
    features.set(part, offset);
    offset += part.length;
  }
  const base = new Float32Array(labels.length);
  offset = 0;
  for (const list of lists) {
    base.set(baseScores(list.features, blend, useBase), offset);
    offset += list.candidates.length;
  }
  const ranker = trainLambdaMart(
    {
      features,
      nFeatures: columns.length,
      labels: Float32Array.from(labels),
      groups: lists.map((l) => l.candidates.length),
      baseScores: base,
    },
    featureNames,
    {
      trees: 100,
      learningRate: 0.05,
      maxLeaves: 4,
      minLeafRows: 1000,
      lambdaL2: 10,
      bins: 255,
      ndcgK: 10,
      seed,
      ...options.lambdaMart,
    },
  );

  const models = full ?? {
    twoTower: trainTwoTower(train, { seed, ...options.twoTower }),
    itemKnn: trainItemKnn(train, options.itemKnn),
  };
  const ctx = featureContext(
    train,
    models.twoTower,
    models.itemKnn,
    itemFeatures,
    easeLambda > 0 ? trainEase(train, easeLambda) : null,
  );
  return {
    ranker,
    featureNames,
    blend,
    baseMargin: useBase,
    validationCandidateRecall: positives ? found / positives : 0,
    trainingLists: lists.length,
    score(user, out) {
      // Candidates in ranker order (ties by the linear blend), scored n..1; everything else below them,
      // by retrieval score.
      const { candidates, features: f } = candidateFeatures(ctx, user, nCandidates);
      applyBlend(f, blend);
      const scores = predictAll(ranker, pick(f, columns), baseScores(f, blend, useBase));
      const F = RANKER_FEATURES.length;
      const order = Array.from(candidates.keys()).sort(
        (a, b) =>
          scores[b]! - scores[a]! || f[b * F + column["linear blend"]]! - f[a * F + column["linear blend"]]!,
      );
      itemScores(ctx.twoTower, embedUser(ctx.twoTower, user), ctx.itemVectors, out);
      let max = -Infinity;
      for (const s of out) max = Math.max(max, s);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! - max - 1; // all below 0
      order.forEach((r, position) => (out[candidates[r]!] = order.length - position)); // all above 0
    },
  };
}
