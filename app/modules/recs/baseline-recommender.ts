import { mmr } from "../../../ml/ranking/mmr.ts";
import { topK } from "../../../ml/recs-eval/metrics.ts";
import { interests, reasonMaker } from "./reasons.ts";

/**
 * The non-learned recommender: the feed before any model is trained, the fallback when none is active, and
 * the baseline a trained model must beat. Relevance mixes the user's tag and type affinity (from their own
 * events) with popularity in their cohort and freshness; a cold-start user gets cohort popularity. Finished
 * items are excluded, the list is diversified with MMR, and every item says why it is there.
 */
export interface CatalogEntry {
  id: string;
  title: string;
  type: string;
  tags: readonly string[];
  createdAt: number;
}

export interface UserHistory {
  /** Net interest per item from the user's events (clicks, completions, likes; skips count against). */
  signals: ReadonlyMap<string, number>;
  finished: ReadonlySet<string>;
  /** Finished items, most recent first, for "because you finished X". */
  recentFinished: readonly { id: string; title: string; tags: readonly string[] }[];
  cohort: string | null;
}

export interface Popularity {
  all: ReadonlyMap<string, number>;
  byCohort: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface Recommendation {
  id: string;
  score: number;
  reason: string;
}

const DAY = 86_400_000;

export function tagSimilarity(a: CatalogEntry, b: CatalogEntry): number {
  const shared = a.tags.filter((t) => b.tags.includes(t)).length;
  const union = new Set([...a.tags, ...b.tags]).size;
  return 0.8 * (union ? shared / union : 0) + 0.2 * (a.type === b.type ? 1 : 0);
}

export function recommendBaseline(
  catalog: readonly CatalogEntry[],
  history: UserHistory,
  popularity: Popularity,
  k: number,
  now: number,
): Recommendation[] {
  const { tagWeight, typeWeight, positive, maxTag } = interests(catalog, history);
  const cohortPop = (history.cohort && popularity.byCohort.get(history.cohort)) || popularity.all;
  const maxPop = Math.max(1, ...cohortPop.values());
  const hasHistory = positive > 0;
  const tagAffinity = (c: CatalogEntry) =>
    c.tags.length ? c.tags.reduce((s, t) => s + (tagWeight.get(t) ?? 0) / maxTag, 0) / c.tags.length : 0;
  const pop = (c: CatalogEntry) => Math.log1p(cohortPop.get(c.id) ?? 0) / Math.log1p(maxPop);
  const fresh = (c: CatalogEntry) => Math.exp(-Math.max(0, now - c.createdAt) / (90 * DAY));
  const relevance = new Float32Array(catalog.length);
  catalog.forEach((c, i) => {
    if (history.finished.has(c.id)) return void (relevance[i] = -Infinity);
    const r = hasHistory
      ? 0.55 * tagAffinity(c) +
        0.15 * ((typeWeight.get(c.type) ?? 0) / positive) +
        0.2 * pop(c) +
        0.1 * fresh(c)
      : 0.85 * pop(c) + 0.15 * fresh(c);
    // A skipped item is not shown again soon.
    relevance[i] = (history.signals.get(c.id) ?? 0) < 0 ? r - 0.3 : r;
  });
  // A partial selection, not a sort of the whole catalog (100,000 items in the bench).
  const scored = Array.from(topK(relevance, Math.max(100, k * 5)), (i) => ({
    c: catalog[i]!,
    relevance: relevance[i]!,
  }));
  const picked = mmr(
    scored,
    k,
    (s) => s.relevance,
    (a, b) => tagSimilarity(a.c, b.c),
  );
  const reasonFor = reasonMaker(catalog, history, popularity, now);
  return picked.map(({ c, relevance }) => ({
    id: c.id,
    score: Math.round(relevance * 1e4) / 1e4,
    reason: reasonFor(c),
  }));
}
