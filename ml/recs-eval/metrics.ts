import { userItems, type Csr, type InteractionSet } from "./interactions.ts";

/**
 * Top-k metrics for implicit recommendation, binary relevance (an item is relevant to a user when it is
 * among the user's test interactions):
 *
 * - Recall@k = |top-k ∩ relevant| / |relevant|.
 * - NDCG@k = DCG@k / IDCG@k with DCG = Σ_{rank r < k, hit} 1 / log2(r + 2), and the ideal DCG taken over
 *   min(|relevant|, k) hits in the first positions (so a perfect list scores 1 even when |relevant| > k).
 * - MAP@k = mean over users of AP@k = Σ_{rank r < k, hit} precision@(r + 1) / min(|relevant|, k).
 * - Coverage@k = distinct items in anyone's top-k / catalogue size.
 *
 * Per-user values are averaged over users with at least one test interaction; each user's ranking leaves
 * out the items the user has in training (they can never be a hit and would only fill slots).
 */

/** Recall@k of one ranked list (item indices, best first) against the relevant set. */
export function recallAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r]!)) hits++;
  return hits / relevant.size;
}

/** NDCG@k of one ranked list, binary gains, ideal DCG over min(|relevant|, k) hits. */
export function ndcgAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++)
    if (relevant.has(ranked[r]!)) dcg += 1 / Math.log2(r + 2);
  let idcg = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return dcg / idcg;
}

/** AP@k of one ranked list, normalised by min(|relevant|, k). */
export function averagePrecisionAtK(
  ranked: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
): number {
  if (relevant.size === 0) return 0;
  let hits = 0,
    sum = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) {
    if (relevant.has(ranked[r]!)) {
      hits++;
      sum += hits / (r + 1);
    }
  }
  return sum / Math.min(relevant.size, k);
}

/** Distinct items across all lists' first k, over the catalogue size. */
export function catalogCoverage(lists: readonly ArrayLike<number>[], nItems: number, k: number): number {
  const seen = new Uint8Array(nItems);
  let distinct = 0;
  for (const list of lists) {
    for (let r = 0; r < Math.min(k, list.length); r++) {
      const i = list[r]!;
      if (!seen[i]) {
        seen[i] = 1;
        distinct++;
      }
    }
  }
  return nItems ? distinct / nItems : 0;
}

/** A model that scores every item for a user. */
export interface Recommender {
  /** Fills `out` (length nItems) with scores for `user`; higher is better. Training items are masked after. */
  score(user: number, out: Float32Array): void;
}

/**
 * The k best items of `scores` (ties to the lower index), skipping the sorted `exclude` list and items
 * scored -Infinity or NaN. Returns fewer than k only when fewer are left.
 */
export function topK(scores: Float32Array, k: number, exclude?: Int32Array): Int32Array {
  const best = new Int32Array(k);
  const bestScore = new Float64Array(k);
  let size = 0;
  let e = 0;
  for (let i = 0; i < scores.length; i++) {
    if (exclude) {
      while (e < exclude.length && exclude[e]! < i) e++;
      if (e < exclude.length && exclude[e] === i) continue;
    }
    const s = scores[i]!;
    if (!(s > -Infinity)) continue;
    if (size === k && s <= bestScore[k - 1]!) continue;
    let p = size < k ? size++ : k - 1;
    while (p > 0 && bestScore[p - 1]! < s) {
      best[p] = best[p - 1]!;
      bestScore[p] = bestScore[p - 1]!;
      p--;
    }
    best[p] = i;
    bestScore[p] = s;
  }
  return size === k ? best : best.slice(0, size);
}

export interface TopKMetrics {
  k: number;
  recall: number;
  ndcg: number;
  map: number;
  coverage: number;
  /** Users scored: those with at least one test interaction. */
  users: number;
}

/** Mean Recall@k, NDCG@k and MAP@k and catalogue coverage@k of ranked lists, one per scored user. */
export function meanMetrics(
  lists: readonly ArrayLike<number>[],
  relevant: readonly ReadonlySet<number>[],
  nItems: number,
  k: number,
): TopKMetrics {
  let recall = 0,
    ndcg = 0,
    map = 0,
    users = 0;
  for (let u = 0; u < lists.length; u++) {
    const rel = relevant[u]!;
    if (rel.size === 0) continue;
    users++;
    recall += recallAtK(lists[u]!, rel, k);
    ndcg += ndcgAtK(lists[u]!, rel, k);
    map += averagePrecisionAtK(lists[u]!, rel, k);
  }
  const d = users || 1;
  return {
    k,
    recall: recall / d,
    ndcg: ndcg / d,
    map: map / d,
    coverage: catalogCoverage(lists, nItems, k),
    users,
  };
}

/** Each user's test items as a set (empty for users without any). */
export function relevantSets(test: InteractionSet): Set<number>[] {
  const sets = Array.from({ length: test.nUsers }, () => new Set<number>());
  for (let r = 0; r < test.users.length; r++) sets[test.users[r]!]!.add(test.items[r]!);
  return sets;
}

/**
 * Scores a recommender on a split: for every user with a test interaction, its top-k among the items the
 * user does not have in training, then the mean metrics above. Coverage counts only the scored users' lists.
 */
export function evaluateRecommender(
  model: Recommender,
  train: InteractionSet,
  test: InteractionSet,
  k = 10,
  trainLists: Csr = userItems(train),
): TopKMetrics {
  const relevant = relevantSets(test);
  const scores = new Float32Array(train.nItems);
  const lists: Int32Array[] = [];
  const rel: Set<number>[] = [];
  for (let u = 0; u < train.nUsers; u++) {
    if (relevant[u]!.size === 0) continue;
    scores.fill(0);
    model.score(u, scores);
    lists.push(
      topK(scores, k, trainLists.indices.subarray(trainLists.offsets[u]!, trainLists.offsets[u + 1]!)),
    );
    rel.push(relevant[u]!);
  }
  return meanMetrics(lists, rel, train.nItems, k);
}
