/**
 * Typing lesson packs: the fixed lessons a typing tutor offers beside the adaptive session (home row, top
 * row, …, French accents), and the pure ranking that picks a pack's snippets from a pool. Browser-safe: the
 * typing page draws the chooser from this list and the zod contracts validate `pack` against it.
 *
 * There is no numbers pack: the shipped corpus has digits in about a dozen of its ~7,000 snippets, and in
 * those they are a few characters among a hundred, so a numbers lesson would have nothing to drill.
 */
export const PACK_KEYS = [
  "home-row",
  "top-row",
  "bottom-row",
  "capitals",
  "punctuation",
  "french-accents",
] as const;
export type PackKey = (typeof PACK_KEYS)[number];

export interface LessonPack {
  key: PackKey;
  title: string;
  description: string;
  /** The keys the pack drills, as typed (lower case, except the capitals pack). */
  keys: string[];
  /** 1 (first lesson) to 5. */
  difficulty: 1 | 2 | 3 | 4 | 5;
  /** About how long one pass through the pack takes. */
  minutes: number;
  /** Key-group tags for the library catalog. */
  tags: string[];
  /**
   * A snippet fits the pack when at least this share of its characters (spaces aside) is on the pack's keys.
   * Set per pack from the shipped corpus so that roughly its best tenth clears it (home row 0.42: 13% of
   * snippets; capitals 0.05: 185 sentences). French has no shipped English snippet with an accent at all.
   */
  minShare: number;
  /** Capitals are matched as typed; every other pack matches a character whatever its case. */
  caseSensitive?: boolean;
}

const UPPER = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
/** Accented letters of French, lower case (upper case matches them too). */
export const FRENCH_ACCENT_KEYS = [..."éèêëàâçùûüîïôœæÿ"];

export const LESSON_PACKS: readonly LessonPack[] = [
  {
    key: "home-row",
    title: "Home row",
    description:
      "Where your fingers rest: a s d f and j k l ; with g and h under the index fingers. Start here.",
    keys: [..."asdfghjkl;'"],
    difficulty: 1,
    minutes: 5,
    tags: ["home-row", "touch-typing", "beginner"],
    minShare: 0.42,
  },
  {
    key: "top-row",
    title: "Top row",
    description: "Reaching up from the home row: q w e r t y u i o p, the most used letters in English.",
    keys: [..."qwertyuiop"],
    difficulty: 2,
    minutes: 5,
    tags: ["top-row", "touch-typing"],
    minShare: 0.55,
  },
  {
    key: "bottom-row",
    title: "Bottom row",
    description: "Reaching down: z x c v b n m and the comma, full stop and slash beside them.",
    keys: [..."zxcvbnm,./"],
    difficulty: 3,
    minutes: 5,
    tags: ["bottom-row", "touch-typing"],
    minShare: 0.22,
  },
  {
    key: "capitals",
    title: "Capitals",
    description: "Shift with the opposite hand's little finger: sentences with names and capital letters.",
    keys: UPPER,
    difficulty: 3,
    minutes: 5,
    tags: ["capitals", "shift"],
    minShare: 0.05,
    caseSensitive: true,
  },
  {
    key: "punctuation",
    title: "Punctuation",
    description: "Commas, full stops, quotes, semicolons, dashes and question marks inside real sentences.",
    keys: [...".,;:'\"!?-()"],
    difficulty: 4,
    minutes: 5,
    tags: ["punctuation", "symbols"],
    minShare: 0.09,
  },
  {
    key: "french-accents",
    title: "French accents",
    description:
      "é è ê à ç ù â î ô œ in short French sentences, from your own French words when you are learning them.",
    keys: FRENCH_ACCENT_KEYS,
    difficulty: 4,
    minutes: 10,
    tags: ["french", "accents", "international"],
    minShare: 0.04,
  },
];

const BY_KEY = new Map(LESSON_PACKS.map((p) => [p.key, p]));

export function lessonPack(key: string): LessonPack | undefined {
  return BY_KEY.get(key as PackKey);
}

/** The pack's item in the library catalog (content_items.external_key). */
export const packCatalogKey = (key: PackKey) => `typing-pack:${key}`;

export function isPackKey(key: string): key is PackKey {
  return BY_KEY.has(key as PackKey);
}

const onPack = (pack: LessonPack) => {
  const keys = new Set(pack.keys);
  return pack.caseSensitive ? (c: string) => keys.has(c) : (c: string) => keys.has(c.toLowerCase());
};

export interface PackFit {
  /** Share of the text's characters (spaces aside) on the pack's keys, 0-1. */
  share: number;
  /** The pack's keys in the text, most frequent first. */
  keys: string[];
}

/** How well a text drills a pack: the share of its characters on the pack's keys. */
export function packFit(text: string, pack: LessonPack): PackFit {
  const hit = onPack(pack);
  const counts = new Map<string, number>();
  let typed = 0;
  let on = 0;
  for (const c of text.normalize("NFC")) {
    if (/\s/.test(c)) continue;
    typed++;
    if (!hit(c)) continue;
    on++;
    const key = pack.caseSensitive ? c : c.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    share: typed ? on / typed : 0,
    keys: [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k),
  };
}

export interface PackCandidate {
  id: string;
  text: string;
  difficulty: number;
}

export interface PackRankOptions {
  count: number;
  /** Snippets typed recently: offered only when the pack has nothing else left. */
  recent?: ReadonlySet<string>;
  /** How much practising each key is worth for this user (0 = at target), keyed by lower-case key. */
  weakness?: ReadonlyMap<string, number>;
  /** The user's comfortable difficulty (1-10); snippets far from it drop a little. */
  targetDifficulty?: number;
  /** Extra weight for some snippets (e.g. made from the learner's own words), added to the score. */
  boost?: (id: string) => number;
  /** 0-1 random source for a little variety among equally good snippets; none = deterministic. */
  random?: () => number;
}

export interface PackPick<T extends PackCandidate> {
  snippet: T;
  share: number;
  /** The pack keys the snippet drills, most frequent first (at most five). */
  drills: string[];
  reason: string;
}

// Candidates kept after the fit cut before they are ranked for the user.
const SHORTLIST = 60;

/**
 * Ranks a pool for a pack. Snippets at or above the pack's `minShare` qualify; when fewer than `count` do,
 * the best-fitting rest fill in (the floor: a pack always has snippets while the pool has any). Among the
 * best-fitting shortlist, the user's weak pack keys and their level reorder the picks; with no user data
 * the order is by fit.
 */
export function rankForPack<T extends PackCandidate>(
  pool: readonly T[],
  pack: LessonPack,
  options: PackRankOptions,
): PackPick<T>[] {
  const recent = options.recent ?? new Set<string>();
  const scored = pool.map((snippet) => ({ snippet, ...packFit(snippet.text, pack) }));
  const byFit = (a: { share: number; snippet: T }, b: { share: number; snippet: T }) =>
    b.share - a.share || (a.snippet.id < b.snippet.id ? -1 : 1);
  const fresh = scored.filter((s) => !recent.has(s.snippet.id)).sort(byFit);
  const qualifying = fresh.filter((s) => s.share >= pack.minShare);
  const shortlist = (
    qualifying.length >= options.count
      ? qualifying
      : fresh.slice(0, Math.max(options.count, qualifying.length))
  ).slice(0, Math.max(SHORTLIST, options.count));
  // Everything recent: repeat the best-fitting rather than serve nothing.
  if (shortlist.length < options.count) {
    const taken = new Set(shortlist.map((s) => s.snippet.id));
    shortlist.push(
      ...scored
        .filter((s) => !taken.has(s.snippet.id))
        .sort(byFit)
        .slice(0, options.count - shortlist.length),
    );
  }
  const best = Math.max(1e-9, ...shortlist.map((s) => s.share));
  const weakness = options.weakness;
  const ranked = shortlist.map((s) => {
    const weak = weakness ? s.keys.filter((k) => (weakness.get(k.toLowerCase()) ?? 0) > 0.05) : [];
    const weakScore = weak.reduce((sum, k) => sum + (weakness?.get(k.toLowerCase()) ?? 0), 0);
    const gap =
      options.targetDifficulty === undefined
        ? 0
        : Math.max(0, Math.abs(s.snippet.difficulty - options.targetDifficulty) - 1);
    const score =
      s.share / best +
      0.5 * Math.min(1, weakScore) -
      0.05 * gap +
      (options.boost?.(s.snippet.id) ?? 0) +
      0.1 * (options.random?.() ?? 0);
    return { ...s, weak, score };
  });
  ranked.sort((a, b) => b.score - a.score || byFit(a, b));
  return ranked.slice(0, options.count).map((s) => ({
    snippet: s.snippet,
    share: s.share,
    drills: s.keys.slice(0, 5),
    reason: packReason(pack, s.share, s.weak),
  }));
}

function packReason(pack: LessonPack, share: number, weak: string[]): string {
  const percent = Math.round(share * 100);
  const base =
    share > 0
      ? `${pack.title}: ${percent}% of its keys are on this lesson's keys`
      : `${pack.title}: nothing closer is left, so a general snippet`;
  return weak.length ? `${base}; includes your slow keys ${weak.slice(0, 3).join(", ")}` : base;
}

/** Keys shown to people: the space bar and the quote keys read better named. */
export function keyLabel(key: string): string {
  return key === " " ? "space" : key;
}
