import { predictAll } from "../ranking/lambdamart.ts";
import { embedItem, embedNewItem, embedUser, itemOffset } from "../retrieval/two-tower.ts";
import type { VectorIndex } from "../vector/vector-index.ts";
import {
  itemFeatureNamesOf,
  knownFeatures,
  userFeatureNamesOf,
  type CatalogRow,
  type ModelBundle,
} from "./model-bundle.ts";
import { featureRows, userProfile, type Candidate } from "./ranking-features.ts";

/**
 * The two stages of a trained recommender over a catalog: retrieval (the user's vector against every item's,
 * through a VectorIndex) and ranking (LambdaMART over RANKING_FEATURES). The feed, the reindex job and the
 * training job's validation all go through these functions, so a model is judged on what it will serve.
 */

const itemIndexes = new WeakMap<ModelBundle, Map<string, number>>();
/** The bundle's content id -> model item index, built once per bundle. */
function itemIndexOf(bundle: ModelBundle): Map<string, number> {
  let m = itemIndexes.get(bundle);
  if (!m) itemIndexes.set(bundle, (m = new Map(bundle.itemIds.map((id, i) => [id, i]))));
  return m;
}

/**
 * Catalog rows (in order) as unit vectors plus a score offset each (the item bias). Items the model learnt
 * from interactions use their id and feature embeddings; newer ones, and those no training interaction
 * touched, are embedded from the features the model knows.
 */
export function catalogVectors(
  bundle: ModelBundle,
  rows: readonly CatalogRow[],
): { vectors: Float32Array; offsets: Float32Array } {
  const model = bundle.twoTower;
  const dim = model.dim;
  const vectors = new Float32Array(rows.length * dim);
  const offsets = new Float32Array(rows.length);
  const known = itemIndexOf(bundle);
  rows.forEach((row, r) => {
    const i = known.get(row.id);
    // An item no training interaction touched has only a random id embedding: its features say more.
    if (i !== undefined && (bundle.itemInteractions?.[i] ?? 1) > 0) {
      vectors.set(embedItem(model, i), r * dim);
      offsets[r] = itemOffset(model, i);
      return;
    }
    const features = knownFeatures(bundle.itemFeatureNames, itemFeatureNamesOf(row));
    if (features.length === 0 || !model.itemFeatureEmbedding) return; // no direction: a zero vector
    const { vector, offset } = embedNewItem(model, features);
    vectors.set(vector, r * dim);
    offsets[r] = offset;
  });
  return { vectors, offsets };
}

export interface UserContext {
  userId: string | null;
  /** Content ids the user engaged with positively, most recent first. */
  history: readonly string[];
  cohort: string | null;
  /** Content ids never to recommend (finished, skipped). */
  exclude: ReadonlySet<string>;
}

/** The user's unit vector, or null when the model knows nothing to place them by (no history, no cohort). */
export function userVector(bundle: ModelBundle, user: UserContext, maxHistory = 50): Float32Array | null {
  const model = bundle.twoTower;
  const itemIndex = itemIndexOf(bundle);
  const history: number[] = [];
  for (const id of user.history) {
    const i = itemIndex.get(id);
    if (i !== undefined) history.push(i);
    if (history.length === maxHistory) break;
  }
  const features = knownFeatures(bundle.userFeatureNames, userFeatureNamesOf(user.cohort));
  const known = user.userId !== null && model.userEmbedding ? bundle.userIds.indexOf(user.userId) : -1;
  if (history.length === 0 && features.length === 0 && known < 0) return null;
  return embedUser(model, known >= 0 ? known : null, history, features);
}

export interface RankedCandidate {
  /** Row in the catalog (and the index). */
  row: number;
  retrieval: number;
  /** The ranker's score (the retrieval score when the bundle has no ranker). */
  score: number;
  /** This candidate's row in `features`. */
  featureRow: number;
}

/**
 * Retrieves `candidates` rows for the user and scores them with the ranker, best first. `historyRows` are the
 * catalog rows of the user's positive history (for the profile features).
 */
export function retrieveAndRank(
  bundle: ModelBundle,
  index: VectorIndex,
  offsets: Float32Array,
  rows: readonly CatalogRow[],
  user: UserContext,
  options: { candidates: number; now: number; rowOf?: ReadonlyMap<string, number> },
): { ranked: RankedCandidate[]; features: Float32Array } | null {
  const query = userVector(bundle, user);
  if (!query) return null;
  const rowOf = options.rowOf ?? new Map(rows.map((r, i) => [r.id, i]));
  const excluded = new Set<number>();
  for (const id of user.exclude) {
    const r = rowOf.get(id);
    if (r !== undefined) excluded.add(r);
  }
  const hits = index.search(query, options.candidates, { exclude: (r) => excluded.has(r) });
  const modelItem = itemIndexOf(bundle);
  const candidates: Candidate[] = hits.map((h) => {
    const row = rows[h.id]!;
    return {
      modelItem: modelItem.get(row.id) ?? null,
      type: row.type,
      difficulty: row.difficulty,
      createdAt: row.createdAt,
      retrieval: h.score + offsets[h.id]!,
    };
  });
  const profile = userProfile(
    user.history.flatMap((id) => {
      const r = rowOf.get(id);
      return r === undefined ? [] : [rows[r]!];
    }),
    user.cohort,
  );
  const features = featureRows(candidates, profile, bundle.stats, options.now);
  const scores = bundle.ranker ? predictAll(bundle.ranker, features) : null;
  const ranked = hits.map((h, i) => ({
    row: h.id,
    retrieval: candidates[i]!.retrieval,
    score: scores ? scores[i]! : candidates[i]!.retrieval,
    featureRow: i,
  }));
  // Order by the ranker; equal ranker scores (a coarse tree ensemble ties often) fall back to retrieval.
  ranked.sort((a, b) => b.score - a.score || b.retrieval - a.retrieval);
  return { ranked, features };
}
