import { trainLambdaMart, type TrainOptions } from "../../../ml/ranking/lambdamart.ts";
import { mmr } from "../../../ml/ranking/mmr.ts";
import { createRandom } from "../../../ml/random.ts";
import { ndcgAtK, recallAtK } from "../../../ml/recs-eval/metrics.ts";
import {
  itemFeatureNamesOf,
  sparseFeatures,
  userFeatureNamesOf,
  type CatalogRow,
  type ModelBundle,
} from "../../../ml/recs/model-bundle.ts";
import { RANKING_FEATURES, itemStats } from "../../../ml/recs/ranking-features.ts";
import { catalogVectors, retrieveAndRank, type UserContext } from "../../../ml/recs/retrieve-and-rank.ts";
import { trainTwoTower, type TwoTowerOptions } from "../../../ml/retrieval/two-tower.ts";
import { ExactIndex } from "../../../ml/vector/exact-index.ts";
import { recommendBaseline, tagSimilarity, type Popularity } from "./baseline-recommender.ts";

/**
 * Training a recommender from the library's events, and the evidence for activating it (pure: the job in
 * model-training.server.ts reads the data and stores the result; this runs in a worker thread).
 *
 * Split: each user with at least three positive items keeps the most recent fifth (at least one) as a
 * validation slice; everything else trains the two-tower. The users with a slice are shuffled into two
 * halves: the ranker learns from one half's candidate lists (labelled by their slices), and every model
 * (baseline, two-tower alone, two-tower + ranker, the served list after MMR, and the active model) is scored
 * on the other half. The model stored is the one scored: it is not refitted on the validation slices (the
 * feed still uses them: a user's vector is built from their latest history at request time).
 */
export interface TrainingUser {
  id: string;
  cohort: string | null;
}

export interface TrainingPositive {
  userId: string;
  itemId: string;
  /** When the user first engaged positively with the item. */
  ts: number;
  /** Net interest from the user's events on the item (> 0). */
  signal: number;
  /** The newest recs_events id among the pair's events. */
  eventId: number;
}

export interface TrainingData {
  catalog: CatalogRow[];
  users: TrainingUser[];
  positives: TrainingPositive[];
  /** Items each user finished or skipped (never recommended, so not counted as misses either). */
  excluded: Record<string, string[]>;
}

export interface TrainingOptions {
  twoTower?: TwoTowerOptions;
  ranker?: TrainOptions;
  /** Candidates retrieved per user and re-ranked (default 100). */
  candidates?: number;
  seed?: number;
  /** Validation users needed in each half (default 10). */
  minValidationUsers?: number;
}

export interface ListMetrics {
  ndcg: number;
  recall: number;
}

export interface ActiveComparison extends ListMetrics {
  version: number;
  /** "unseen": scored (with the candidate) only on validation items newer than the active model's data. */
  subset: "all" | "unseen";
  users: number;
  candidate: ListMetrics;
}

export interface TrainingMetrics {
  k: number;
  users: number;
  items: number;
  trainInteractions: number;
  validationInteractions: number;
  rankerUsers: number;
  evalUsers: number;
  rankerKept: boolean;
  rankerCheck: { retrieval: number; ranker: number; users: number };
  baseline: ListMetrics;
  twoTower: ListMetrics;
  twoTowerRanker: ListMetrics;
  served: ListMetrics;
  active: ActiveComparison | null;
}

export class NotEnoughDataError extends Error {}

export const METRIC_K = 10;
/** Small, heavily regularised trees: the ranker learns from a few thousand noisy candidate rows. */
const RANKER_OPTIONS: TrainOptions = { trees: 60, learningRate: 0.1, maxLeaves: 4, minLeafRows: 50 };

interface ValidationUser {
  ctx: UserContext;
  relevant: Set<string>;
  /** Newest event id among the user's validation items, per item. */
  eventIds: Map<string, number>;
  now: number;
}

const listMetrics = (lists: { ranked: string[]; relevant: Set<string> }[]): ListMetrics => {
  let ndcg = 0,
    recall = 0;
  for (const { ranked, relevant } of lists) {
    // metrics.ts works over integer ids; map this list's strings to positions.
    const ids = new Map<string, number>();
    const idOf = (s: string) => ids.get(s) ?? (ids.set(s, ids.size), ids.size - 1);
    const r = ranked.map(idOf);
    const rel = new Set([...relevant].map(idOf));
    ndcg += ndcgAtK(r, rel, METRIC_K);
    recall += recallAtK(r, rel, METRIC_K);
  }
  const n = Math.max(1, lists.length);
  return { ndcg: round(ndcg / n), recall: round(recall / n) };
};
const round = (x: number) => Math.round(x * 1e4) / 1e4;

interface CatalogIndex {
  index: ExactIndex;
  offsets: Float32Array;
  rowOf: Map<string, number>;
}

/** The catalog embedded by a bundle's two-tower, searched exactly (the ranker does not change it). */
function exactCatalogIndex(bundle: ModelBundle, catalog: readonly CatalogRow[]): CatalogIndex {
  const { vectors, offsets } = catalogVectors(bundle, catalog);
  return {
    index: new ExactIndex(vectors, bundle.twoTower.dim),
    offsets,
    rowOf: new Map(catalog.map((r, i) => [r.id, i])),
  };
}

/** Scores a bundle on validation users the way the feed would serve it (two-tower, ranker, MMR). */
export function evaluateBundle(
  bundle: ModelBundle,
  catalog: readonly CatalogRow[],
  users: readonly ValidationUser[],
  candidates = 100,
  catalogIndex: CatalogIndex = exactCatalogIndex(bundle, catalog),
): { twoTower: ListMetrics; twoTowerRanker: ListMetrics; served: ListMetrics } {
  const { index, offsets, rowOf } = catalogIndex;
  const byRetrieval: { ranked: string[]; relevant: Set<string> }[] = [];
  const byRanker: typeof byRetrieval = [];
  const served: typeof byRetrieval = [];
  for (const u of users) {
    const out = retrieveAndRank(bundle, index, offsets, catalog, u.ctx, { candidates, now: u.now, rowOf });
    const ranked = out?.ranked ?? [];
    byRanker.push({ ranked: ranked.map((c) => catalog[c.row]!.id), relevant: u.relevant });
    byRetrieval.push({
      ranked: [...ranked].sort((a, b) => b.retrieval - a.retrieval).map((c) => catalog[c.row]!.id),
      relevant: u.relevant,
    });
    served.push({ ranked: diversify(ranked, catalog).map((c) => catalog[c.row]!.id), relevant: u.relevant });
  }
  return {
    twoTower: listMetrics(byRetrieval),
    twoTowerRanker: listMetrics(byRanker),
    served: listMetrics(served),
  };
}

/** MMR over ranker scores min-max scaled to 0–1 (comparable with tag similarity), as the feed does. */
export function diversify<T extends { row: number; score: number }>(
  ranked: readonly T[],
  catalog: readonly CatalogRow[],
  k = METRIC_K,
): T[] {
  if (ranked.length === 0) return [];
  const top = ranked.slice(0, Math.max(50, k * 5));
  let lo = Infinity,
    hi = -Infinity;
  for (const c of top) {
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
  }
  const scale = hi > lo ? 1 / (hi - lo) : 0;
  const entry = (c: T) => ({ ...catalog[c.row]!, title: "" });
  return mmr(
    top,
    k,
    (c) => (hi > lo ? (c.score - lo) * scale : 1),
    (a, b) => tagSimilarity(entry(a), entry(b)),
    0.8,
  );
}

function baselineMetrics(
  data: TrainingData,
  train: TrainingPositive[],
  users: ValidationUser[],
): ListMetrics {
  const cohortOf = new Map(data.users.map((u) => [u.id, u.cohort]));
  const all = new Map<string, number>();
  const byCohort = new Map<string, Map<string, number>>();
  const signals = new Map<string, Map<string, number>>();
  for (const p of train) {
    all.set(p.itemId, (all.get(p.itemId) ?? 0) + p.signal);
    const cohort = cohortOf.get(p.userId);
    if (cohort) {
      let m = byCohort.get(cohort);
      if (!m) byCohort.set(cohort, (m = new Map()));
      m.set(p.itemId, (m.get(p.itemId) ?? 0) + p.signal);
    }
    let s = signals.get(p.userId);
    if (!s) signals.set(p.userId, (s = new Map()));
    s.set(p.itemId, p.signal);
  }
  const popularity: Popularity = { all, byCohort };
  const entries = data.catalog.map((c) => ({ ...c, title: "" }));
  return listMetrics(
    users.map((u) => ({
      ranked: recommendBaseline(
        entries,
        {
          signals: signals.get(u.ctx.userId!) ?? new Map(),
          finished: u.ctx.exclude,
          recentFinished: [],
          cohort: u.ctx.cohort,
        },
        popularity,
        METRIC_K,
        u.now,
      ).map((r) => r.id),
      relevant: u.relevant,
    })),
  );
}

export interface TrainingResult {
  bundle: ModelBundle;
  metrics: TrainingMetrics;
  params: Record<string, unknown>;
}

/** Trains a candidate and measures it (and the active model, if any) on the same validation users. */
export function trainRecommender(
  data: TrainingData,
  active: { version: number; cutoffEventId: number; bundle: ModelBundle } | null,
  options: TrainingOptions = {},
  onProgress: (fraction: number, message: string) => void = () => {},
): TrainingResult {
  const seed = options.seed ?? 1;
  const candidates = options.candidates ?? 100;
  const minUsers = options.minValidationUsers ?? 10;
  const cohortOf = new Map(data.users.map((u) => [u.id, u.cohort]));

  // Split: the most recent fifth of each user's positives (3+ of them) is held out.
  const byUser = new Map<string, TrainingPositive[]>();
  for (const p of data.positives) {
    let list = byUser.get(p.userId);
    if (!list) byUser.set(p.userId, (list = []));
    list.push(p);
  }
  const train: TrainingPositive[] = [];
  const validation: ValidationUser[] = [];
  for (const [userId, list] of byUser) {
    list.sort((a, b) => a.ts - b.ts || a.itemId.localeCompare(b.itemId));
    const hold = list.length >= 3 ? Math.max(1, Math.round(list.length * 0.2)) : 0;
    const kept = list.slice(0, list.length - hold);
    train.push(...kept);
    if (!hold) continue;
    const held = list.slice(list.length - hold);
    validation.push({
      ctx: {
        userId,
        history: kept.map((p) => p.itemId).reverse(),
        cohort: cohortOf.get(userId) ?? null,
        exclude: new Set([...kept.map((p) => p.itemId), ...(data.excluded[userId] ?? [])]),
      },
      relevant: new Set(held.map((p) => p.itemId)),
      eventIds: new Map(held.map((p) => [p.itemId, p.eventId])),
      now: held[0]!.ts,
    });
  }
  // A validation item the user later finished is still a hit: it was what they went on to engage with.
  for (const v of validation) for (const id of v.relevant) (v.ctx.exclude as Set<string>).delete(id);
  const random = createRandom(seed);
  validation.sort((a, b) => a.ctx.userId!.localeCompare(b.ctx.userId!));
  for (let i = validation.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [validation[i], validation[j]] = [validation[j]!, validation[i]!];
  }
  const rankerUsers = validation.slice(0, Math.ceil(validation.length / 2));
  const evalUsers = validation.slice(rankerUsers.length);
  if (evalUsers.length < minUsers)
    throw new NotEnoughDataError(
      `Training needs at least ${2 * minUsers} users with three or more positive interactions (clicks, views, ` +
        `completions, likes); there are ${validation.length}.`,
    );

  // Two-tower on the training interactions; every catalog item is indexed (so its features are learnt).
  const itemIndex = new Map(data.catalog.map((c, i) => [c.id, i]));
  const userIds = [...new Set(train.map((p) => p.userId))].sort();
  const userIndex = new Map(userIds.map((id, i) => [id, i]));
  const itemFeatureNames: string[] = [];
  const userFeatureNames: string[] = [];
  const itemFeatures = sparseFeatures(data.catalog.map(itemFeatureNamesOf), itemFeatureNames);
  const userFeatures = sparseFeatures(
    userIds.map((id) => userFeatureNamesOf(cohortOf.get(id) ?? null)),
    userFeatureNames,
  );
  const batchSize = 64;
  // Small libraries need many passes: aim for ~3,000 optimiser steps, between 4 and 200 epochs.
  const epochs = Math.min(200, Math.max(4, Math.ceil(3_000 / Math.max(1, train.length / batchSize))));
  const twoTowerOptions: TwoTowerOptions = {
    dim: 32,
    epochs,
    batchSize,
    userIdEmbedding: false,
    seed,
    ...options.twoTower,
    itemFeatures,
    userFeatures,
    onEpoch: (epoch) => onProgress((0.7 * (epoch + 1)) / epochs, `two-tower epoch ${epoch + 1}/${epochs}`),
  };
  const twoTower = trainTwoTower(
    {
      nUsers: userIds.length,
      nItems: data.catalog.length,
      users: Int32Array.from(train, (p) => userIndex.get(p.userId)!),
      items: Int32Array.from(train, (p) => itemIndex.get(p.itemId)!),
    },
    twoTowerOptions,
  );
  const bundle: ModelBundle = {
    format: 1,
    twoTower,
    ranker: null,
    itemIds: data.catalog.map((c) => c.id),
    userIds,
    itemFeatureNames,
    userFeatureNames,
    itemInteractions: train.reduce((counts, p) => {
      counts[itemIndex.get(p.itemId)!]! += 1;
      return counts;
    }, new Uint32Array(data.catalog.length)),
    stats: itemStats(
      data.catalog.length,
      train.map((p) => ({
        item: itemIndex.get(p.itemId)!,
        ts: p.ts,
        cohort: cohortOf.get(p.userId) ?? null,
      })),
    ),
  };

  // Ranker: learnt on 70% of the ranker half, kept only if it beats retrieval order on the other 30%.
  onProgress(0.75, "ranker");
  const ours = exactCatalogIndex(bundle, data.catalog);
  const { index, offsets, rowOf } = ours;
  const fitUsers = rankerUsers.slice(0, Math.ceil(rankerUsers.length * 0.7));
  const checkUsers = rankerUsers.slice(fitUsers.length);
  const F = RANKING_FEATURES.length;
  const rows: number[] = [];
  const labels: number[] = [];
  const groups: number[] = [];
  for (const u of fitUsers) {
    const out = retrieveAndRank(bundle, index, offsets, data.catalog, u.ctx, {
      candidates,
      now: u.now,
      rowOf,
    });
    if (!out || out.ranked.length === 0) continue;
    out.ranked.forEach((c) => {
      rows.push(...out.features.subarray(c.featureRow * F, (c.featureRow + 1) * F));
      labels.push(u.relevant.has(data.catalog[c.row]!.id) ? 1 : 0);
    });
    groups.push(out.ranked.length);
  }
  const ranker = trainLambdaMart(
    { features: Float32Array.from(rows), nFeatures: F, labels: Float32Array.from(labels), groups },
    [...RANKING_FEATURES],
    { ...RANKER_OPTIONS, ndcgK: METRIC_K, seed, ...options.ranker },
  );
  const withoutRanker = evaluateBundle(bundle, data.catalog, checkUsers, candidates, ours).twoTower.ndcg;
  const withRanker = evaluateBundle({ ...bundle, ranker }, data.catalog, checkUsers, candidates, ours)
    .twoTowerRanker.ndcg;
  const rankerKept = withRanker > withoutRanker;
  if (rankerKept) bundle.ranker = ranker;

  onProgress(0.85, "validation");
  const scored = evaluateBundle(bundle, data.catalog, evalUsers, candidates, ours);
  const metrics: TrainingMetrics = {
    k: METRIC_K,
    users: data.users.length,
    items: data.catalog.length,
    trainInteractions: train.length,
    validationInteractions: validation.reduce((s, v) => s + v.relevant.size, 0),
    rankerUsers: rankerUsers.length,
    evalUsers: evalUsers.length,
    rankerKept,
    rankerCheck: { retrieval: withoutRanker, ranker: withRanker, users: checkUsers.length },
    baseline: baselineMetrics(data, train, evalUsers),
    ...scored,
    active: null,
  };

  if (active) {
    onProgress(0.95, "comparing with the active model");
    // The active model may have trained on these validation items; where enough users have items newer than
    // its data, both models are compared on those alone.
    const unseen = evalUsers
      .map((u) => {
        const relevant = new Set([...u.relevant].filter((id) => u.eventIds.get(id)! > active.cutoffEventId));
        return { ...u, relevant };
      })
      .filter((u) => u.relevant.size > 0);
    const subset = unseen.length >= minUsers ? "unseen" : "all";
    const users = subset === "unseen" ? unseen : evalUsers;
    const theirs = evaluateBundle(active.bundle, data.catalog, users, candidates).served;
    const candidate =
      subset === "unseen"
        ? evaluateBundle(bundle, data.catalog, users, candidates, ours).served
        : scored.served;
    metrics.active = { version: active.version, subset, users: users.length, ...theirs, candidate };
  }
  onProgress(1, "trained");
  return {
    bundle,
    metrics,
    params: {
      twoTower: { ...twoTowerOptions, itemFeatures: undefined, userFeatures: undefined, onEpoch: undefined },
      ranker: { ...RANKER_OPTIONS, ...options.ranker },
      candidates,
      seed,
      itemFeatures: itemFeatureNames.length,
      userFeatures: userFeatureNames.length,
    },
  };
}

/** Activate only a model that beats the baseline and, where there is one, the active model. */
export function activationDecision(metrics: TrainingMetrics): { activate: boolean; reason: string } {
  const ours = metrics.served.ndcg;
  if (ours <= metrics.baseline.ndcg)
    return {
      activate: false,
      reason: `NDCG@10 ${ours} does not beat the baseline's ${metrics.baseline.ndcg}`,
    };
  const a = metrics.active;
  if (a && a.candidate.ndcg <= a.ndcg)
    return {
      activate: false,
      reason: `NDCG@10 ${a.candidate.ndcg} does not beat active v${a.version}'s ${a.ndcg} (${a.subset} validation items, ${a.users} users)`,
    };
  return {
    activate: true,
    reason:
      `NDCG@10 ${ours} beats the baseline's ${metrics.baseline.ndcg}` +
      (a ? ` and active v${a.version}'s ${a.ndcg} (${a.subset} validation items: ${a.candidate.ndcg})` : ""),
  };
}
