/**
 * The ranking model's view of a (user, candidate item, moment) triple. Training (labelled candidate lists
 * from a validation slice) and serving (the feed) build rows with this one function, so a feature never
 * means one thing offline and another online.
 */
export const RANKING_FEATURES = [
  "retrieval score",
  "retrieval rank",
  "item log popularity",
  "item log popularity in the user's cohort",
  "item age, log days",
  "item's share of use at this time of day",
  "type: video",
  "type: article",
  "type: quiz",
  "difficulty gap",
  "user affinity for the item's type",
  "user log activity",
] as const;

/**
 * The types with a one-hot column. The stored rankers read exactly these twelve columns, so the list stays as
 * it is: an item of any other type (a story, a typing pack, a scenario, a climbing drill from another module)
 * has zeros in all three, and the model tells it apart by the user's affinity for its type (column 10), its
 * popularity and its retrieval score. Adding a column would need a new bundle format.
 */
export const ONE_HOT_TYPES = ["video", "article", "quiz"] as const;
const DAY = 86_400_000;
/** Four six-hour windows (UTC): night, morning, afternoon, evening. */
export const TIME_BUCKETS = 4;
export const timeBucket = (ts: number) => Math.floor(new Date(ts).getUTCHours() / (24 / TIME_BUCKETS));

/** Per-item statistics from the training interactions, indexed by the model's item index. */
export interface ItemStats {
  logPopularity: Float32Array;
  cohortLogPopularity: Record<string, Float32Array>;
  /** nItems × TIME_BUCKETS: the item's share of its positives in each window, smoothed towards uniform. */
  timeOfDayShare: Float32Array;
}

export interface Positive {
  item: number;
  ts: number;
  cohort: string | null;
}

/** log((count + 1) / (total + n) · n): 0 for an item with an average share, negative below. */
function logShares(counts: Float64Array): Float32Array {
  let total = 0;
  for (const c of counts) total += c;
  const n = counts.length;
  return Float32Array.from(counts, (c) => Math.log(((c + 1) / (total + n)) * n));
}

export function itemStats(nItems: number, positives: readonly Positive[]): ItemStats {
  const all = new Float64Array(nItems);
  const byCohort = new Map<string, Float64Array>();
  const tod = new Float64Array(nItems * TIME_BUCKETS);
  for (const p of positives) {
    all[p.item]! += 1;
    tod[p.item * TIME_BUCKETS + timeBucket(p.ts)]! += 1;
    if (p.cohort === null) continue;
    let c = byCohort.get(p.cohort);
    if (!c) byCohort.set(p.cohort, (c = new Float64Array(nItems)));
    c[p.item]! += 1;
  }
  const share = new Float32Array(nItems * TIME_BUCKETS);
  for (let i = 0; i < nItems; i++)
    for (let b = 0; b < TIME_BUCKETS; b++)
      share[i * TIME_BUCKETS + b] = (tod[i * TIME_BUCKETS + b]! + 1) / (all[i]! + TIME_BUCKETS);
  return {
    logPopularity: logShares(all),
    cohortLogPopularity: Object.fromEntries([...byCohort].map(([k, c]) => [k, logShares(c)])),
    timeOfDayShare: share,
  };
}

/** What the ranker knows about the user, from their positive history. */
export interface UserProfile {
  cohort: string | null;
  /**
   * Share of positives per content type, add-one smoothed as if there were three types (the one-hot ones):
   * (count + 1) / (history + 3), for any type, so a model trained before other types existed reads the same
   * values for the old types, and an unseen type gets 1 / (history + 3) (typeShareOf).
   */
  typeShare: Record<string, number>;
  meanDifficulty: number | null;
  activity: number;
}

export function userProfile(
  history: readonly { type: string; difficulty: number }[],
  cohort: string | null,
): UserProfile {
  const counts: Record<string, number> = {};
  let difficulty = 0;
  for (const h of history) {
    counts[h.type] = (counts[h.type] ?? 0) + 1;
    difficulty += h.difficulty;
  }
  const types = new Set<string>([...ONE_HOT_TYPES, ...Object.keys(counts)]);
  const typeShare = Object.fromEntries(
    [...types].map((t) => [t, ((counts[t] ?? 0) + 1) / (history.length + ONE_HOT_TYPES.length)]),
  );
  return {
    cohort,
    typeShare,
    meanDifficulty: history.length ? difficulty / history.length : null,
    activity: history.length,
  };
}

/** The user's smoothed share of positives in `type` (one they never used: 1 / (history + 3)). */
export const typeShareOf = (user: UserProfile, type: string): number =>
  user.typeShare[type] ?? 1 / (user.activity + ONE_HOT_TYPES.length);

export interface Candidate {
  /** The item's index in the model (and ItemStats), or null for an item newer than the model. */
  modelItem: number | null;
  type: string;
  difficulty: number;
  createdAt: number;
  /** The retrieval model's score (cosine plus item bias). */
  retrieval: number;
}

/** Row-major candidates × RANKING_FEATURES.length; rank is by retrieval score among these candidates. */
export function featureRows(
  candidates: readonly Candidate[],
  user: UserProfile,
  stats: ItemStats,
  now: number,
): Float32Array {
  const F = RANKING_FEATURES.length;
  const out = new Float32Array(candidates.length * F);
  const order = candidates
    .map((_, r) => r)
    .sort((a, b) => candidates[b]!.retrieval - candidates[a]!.retrieval);
  const rank = new Float32Array(candidates.length);
  order.forEach((r, position) => (rank[r] = position / Math.max(1, candidates.length - 1)));
  const cohortPop = user.cohort !== null ? stats.cohortLogPopularity[user.cohort] : undefined;
  const bucket = timeBucket(now);
  // An item the statistics have not seen is as rare as one seen once, with no time-of-day habit.
  const unseenPop = Math.log(stats.logPopularity.length ? 1 / stats.logPopularity.length : 1);
  candidates.forEach((c, r) => {
    const i = c.modelItem;
    const row = out.subarray(r * F, (r + 1) * F);
    row[0] = c.retrieval;
    row[1] = rank[r]!;
    row[2] = i !== null ? stats.logPopularity[i]! : unseenPop;
    row[3] = i !== null && cohortPop ? cohortPop[i]! : row[2];
    row[4] = Math.log1p(Math.max(0, now - c.createdAt) / DAY);
    row[5] = i !== null ? stats.timeOfDayShare[i * TIME_BUCKETS + bucket]! : 1 / TIME_BUCKETS;
    row[6] = c.type === ONE_HOT_TYPES[0] ? 1 : 0;
    row[7] = c.type === ONE_HOT_TYPES[1] ? 1 : 0;
    row[8] = c.type === ONE_HOT_TYPES[2] ? 1 : 0;
    row[9] = user.meanDifficulty === null ? 0 : Math.abs(c.difficulty - user.meanDifficulty);
    row[10] = typeShareOf(user, c.type);
    row[11] = Math.log1p(user.activity);
  });
  return out;
}
