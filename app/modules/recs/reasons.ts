import type { CatalogEntry, Popularity, UserHistory } from "./baseline-recommender.ts";

const DAY = 86_400_000;

const byIds = new WeakMap<readonly CatalogEntry[], Map<string, CatalogEntry>>();
function byIdOf(catalog: readonly CatalogEntry[]) {
  let m = byIds.get(catalog);
  if (!m) byIds.set(catalog, (m = new Map(catalog.map((c) => [c.id, c]))));
  return m;
}

/** A user's interest per tag and per type, from the net signals of their events. */
export function interests(
  catalog: readonly CatalogEntry[] | ReadonlyMap<string, CatalogEntry>,
  history: UserHistory,
) {
  const byId = catalog instanceof Map ? catalog : byIdOf(catalog as readonly CatalogEntry[]);
  const tagWeight = new Map<string, number>();
  const typeWeight = new Map<string, number>();
  let positive = 0;
  for (const [id, signal] of history.signals) {
    const item = byId.get(id);
    if (!item || signal <= 0) continue;
    positive += signal;
    for (const t of item.tags) tagWeight.set(t, (tagWeight.get(t) ?? 0) + signal);
    typeWeight.set(item.type, (typeWeight.get(item.type) ?? 0) + signal);
  }
  return { tagWeight, typeWeight, positive, maxTag: Math.max(1e-9, ...tagWeight.values()) };
}

// Popularity maps live as long as a catalog snapshot; their ranking is computed once per map, not per request.
const ranks = new WeakMap<ReadonlyMap<string, number>, Map<string, number>>();
function rankOf(popularity: ReadonlyMap<string, number>): Map<string, number> {
  let rank = ranks.get(popularity);
  if (!rank) {
    rank = new Map([...popularity.entries()].sort((a, b) => b[1] - a[1]).map(([id], i) => [id, i]));
    ranks.set(popularity, rank);
  }
  return rank;
}

/**
 * Why an item is in a user's feed, in words, whichever recommender picked it: a finished item it shares a
 * tag with, a new item in a liked topic, popularity in the user's cohort, or a liked tag.
 */
export function reasonMaker(
  catalog: readonly CatalogEntry[] | ReadonlyMap<string, CatalogEntry>,
  history: UserHistory,
  popularity: Popularity,
  now: number,
): (c: CatalogEntry) => string {
  const { tagWeight, maxTag } = interests(catalog, history);
  const cohortPop = (history.cohort && popularity.byCohort.get(history.cohort)) || popularity.all;
  const size = catalog instanceof Map ? catalog.size : (catalog as readonly CatalogEntry[]).length;
  const popularRank = rankOf(cohortPop);
  const popularCut = Math.max(5, Math.ceil(size * 0.1));
  return (c) => {
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
  };
}
