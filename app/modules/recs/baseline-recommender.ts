import { mmr } from "../../../ml/ranking/mmr.ts";

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
  const tagWeight = new Map<string, number>();
  const typeWeight = new Map<string, number>();
  const byId = new Map(catalog.map((c) => [c.id, c]));
  let positive = 0;
  for (const [id, signal] of history.signals) {
    const item = byId.get(id);
    if (!item || signal <= 0) continue;
    positive += signal;
    for (const t of item.tags) tagWeight.set(t, (tagWeight.get(t) ?? 0) + signal);
    typeWeight.set(item.type, (typeWeight.get(item.type) ?? 0) + signal);
  }
  const maxTag = Math.max(1e-9, ...tagWeight.values());
  const cohortPop = (history.cohort && popularity.byCohort.get(history.cohort)) || popularity.all;
  const maxPop = Math.max(1, ...cohortPop.values());
  const hasHistory = positive > 0;
  const tagAffinity = (c: CatalogEntry) =>
    c.tags.length ? c.tags.reduce((s, t) => s + (tagWeight.get(t) ?? 0) / maxTag, 0) / c.tags.length : 0;
  const pop = (c: CatalogEntry) => Math.log1p(cohortPop.get(c.id) ?? 0) / Math.log1p(maxPop);
  const fresh = (c: CatalogEntry) => Math.exp(-Math.max(0, now - c.createdAt) / (90 * DAY));
  const scored = catalog
    .filter((c) => !history.finished.has(c.id))
    .map((c) => {
      const relevance = hasHistory
        ? 0.55 * tagAffinity(c) +
          0.15 * ((typeWeight.get(c.type) ?? 0) / positive) +
          0.2 * pop(c) +
          0.1 * fresh(c)
        : 0.85 * pop(c) + 0.15 * fresh(c);
      // A skipped item is not shown again soon.
      return { c, relevance: (history.signals.get(c.id) ?? 0) < 0 ? relevance - 0.3 : relevance };
    })
    .sort((a, b) => b.relevance - a.relevance)
    .slice(0, Math.max(100, k * 5));
  const picked = mmr(
    scored,
    k,
    (s) => s.relevance,
    (a, b) => tagSimilarity(a.c, b.c),
  );
  const popularRank = new Map([...cohortPop.entries()].sort((a, b) => b[1] - a[1]).map(([id], i) => [id, i]));
  const popularCut = Math.max(5, Math.ceil(catalog.length * 0.1));
  return picked.map(({ c, relevance }) => ({
    id: c.id,
    score: Math.round(relevance * 1e4) / 1e4,
    reason: reasonFor(c),
  }));

  function reasonFor(c: CatalogEntry): string {
    const because = history.recentFinished.find((f) => f.tags.some((t) => c.tags.includes(t)));
    if (because) return `Because you finished “${because.title}”`;
    const topTag = [...c.tags].sort((a, b) => (tagWeight.get(b) ?? 0) - (tagWeight.get(a) ?? 0))[0];
    const likedTag = topTag && (tagWeight.get(topTag) ?? 0) / maxTag > 0.3 ? topTag : null;
    if (likedTag && now - c.createdAt < 30 * DAY) return `New in a topic you like (#${likedTag})`;
    if ((popularRank.get(c.id) ?? Infinity) < popularCut)
      return history.cohort && popularity.byCohort.has(history.cohort)
        ? `Popular in your cohort (${history.cohort})`
        : "Popular with everyone";
    if (likedTag) return `Matches your interest in #${likedTag}`;
    return "Popular with everyone";
  }
}
