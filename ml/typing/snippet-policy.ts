import type { Random } from "../random.ts";
import { TARGET_MS_PER_KEY } from "./key-stats.ts";

/**
 * Choosing the next snippets. The index packs every snippet's key mix into one Float32Array so scoring
 * 10,000 candidates is a few hundred thousand multiply-adds. The heuristic is keybr's idea applied to a
 * fixed corpus: find the keys the typist is slowest or least accurate on and pick texts dense in them, at
 * a difficulty near the typist's level, with some exploration so every snippet can collect data.
 */
export const KEY_ALPHABET = [..."abcdefghijklmnopqrstuvwxyz0123456789.,;:'\"!?-()"];
const K = KEY_ALPHABET.length;
const KEY_INDEX = new Map(KEY_ALPHABET.map((k, i) => [k, i]));

export interface IndexedSnippet {
  id: string;
  mode: "words" | "sentences";
  text: string;
  difficulty: number;
}

export interface SnippetIndex {
  snippets: IndexedSnippet[];
  /** n x K: the share of the snippet's typed characters that are each key. */
  keyShare: Float32Array;
  /** The same, sparse (CSR): a snippet uses ~15 of the 48 keys, so scoring walks only those. */
  keyOffsets: Int32Array;
  keyIds: Uint8Array;
  keyValues: Float32Array;
}

export function buildSnippetIndex(snippets: IndexedSnippet[]): SnippetIndex {
  const keyShare = new Float32Array(snippets.length * K);
  snippets.forEach((s, row) => {
    let typed = 0;
    for (const c of s.text.toLowerCase()) {
      const k = KEY_INDEX.get(c);
      if (k === undefined) continue;
      keyShare[row * K + k]! += 1;
      typed++;
    }
    if (typed > 0) for (let k = 0; k < K; k++) keyShare[row * K + k]! /= typed;
  });
  let nonZero = 0;
  for (const v of keyShare) if (v > 0) nonZero++;
  const keyOffsets = new Int32Array(snippets.length + 1);
  const keyIds = new Uint8Array(nonZero);
  const keyValues = new Float32Array(nonZero);
  let at = 0;
  for (let row = 0; row < snippets.length; row++) {
    keyOffsets[row] = at;
    for (let k = 0; k < K; k++) {
      const v = keyShare[row * K + k]!;
      if (v > 0) {
        keyIds[at] = k;
        keyValues[at++] = v;
      }
    }
  }
  keyOffsets[snippets.length] = at;
  return { snippets, keyShare, keyOffsets, keyIds, keyValues };
}

export interface KeyStatInput {
  gram: string;
  hits: number;
  misses: number;
  emaMs: number | null;
  emaErrorRate: number;
}

export interface KeyProfile {
  /** Per key in KEY_ALPHABET: how much practising it is worth (0 = at target). */
  weakness: Float32Array;
  /** Keys most worth drilling, weakest first (at most 3), with their confidence. */
  focus: { key: string; confidence: number | null; errorRate: number }[];
  practisedKeys: number;
}

// A key needs this many correct presses before its timing is trusted (keybr waits for samples too).
const MIN_HITS = 5;
// Letters never practised get a small weight so drills still spread over the whole keyboard.
const UNSEEN_WEIGHT = 0.05;

export function buildKeyProfile(stats: readonly KeyStatInput[], targetMs = TARGET_MS_PER_KEY): KeyProfile {
  const weakness = new Float32Array(K);
  const details: KeyProfile["focus"] = [];
  const seen = new Set<number>();
  for (const s of stats) {
    const k = KEY_INDEX.get(s.gram);
    if (k === undefined) continue;
    seen.add(k);
    if (s.hits < MIN_HITS || !s.emaMs) {
      weakness[k] = UNSEEN_WEIGHT;
      continue;
    }
    const confidence = targetMs / s.emaMs;
    // Slowness below target plus errors (an error costs about as much as being 50% slow).
    const w = Math.max(0, 1 - confidence) + 2.5 * s.emaErrorRate;
    weakness[k] = w;
    if (w > 0.05) details.push({ key: s.gram, confidence, errorRate: s.emaErrorRate });
  }
  for (let k = 0; k < 26; k++) if (!seen.has(k)) weakness[k] = UNSEEN_WEIGHT;
  details.sort((a, b) => weakness[KEY_INDEX.get(b.key)!]! - weakness[KEY_INDEX.get(a.key)!]!);
  return { weakness, focus: details.slice(0, 3), practisedKeys: seen.size };
}

export interface RankOptions {
  mode: "words" | "sentences";
  count: number;
  /** Difficulty the typist is comfortable at (1-10). */
  targetDifficulty: number;
  /** Indexes of snippets typed recently: not offered again. */
  recent: ReadonlySet<string>;
  random: Random;
  /** Share of picks drawn at random from unseen snippets, so new texts get data. */
  exploration?: number;
}

export interface RankedSnippet {
  snippet: IndexedSnippet;
  score: number;
  reason: string;
  /** Keys of the focus set this snippet is dense in. */
  drills: string[];
  explored: boolean;
}

/** Focus-the-weakest-key heuristic: weak-key density, minus distance from the target difficulty. */
export function rankByWeakKeys(
  index: SnippetIndex,
  profile: KeyProfile,
  options: RankOptions,
): RankedSnippet[] {
  const { snippets, keyOffsets, keyIds, keyValues } = index;
  // Only the best `keep` candidates are needed (the pick draws from the top of the list), so a bounded
  // min-heap replaces sorting all n: O(n log keep) for a 10,000-snippet corpus.
  const keep = Math.max(options.count * 20, 200);
  const heap = new TopK(keep);
  let eligible = 0;
  for (let row = 0; row < snippets.length; row++) {
    const s = snippets[row]!;
    if (s.mode !== options.mode || options.recent.has(s.id)) continue;
    eligible++;
    let drill = 0;
    for (let i = keyOffsets[row]!; i < keyOffsets[row + 1]!; i++)
      drill += keyValues[i]! * profile.weakness[keyIds[i]!]!;
    // Within one point of the target, difficulty does not matter; drilling weak keys makes a text harder
    // for this typist by design, so weak-key density outweighs a modest difficulty gap.
    const gap = Math.max(0, Math.abs(s.difficulty - options.targetDifficulty) - 1);
    heap.push(row, 25 * drill - 0.4 * gap);
  }
  const top = heap.sorted();
  // Exploration draws from everything eligible outside the top list.
  const rest = eligible > top.length ? exploreRows(index, options, new Set(top.map((c) => c.row))) : [];
  return pick([...top, ...rest.map((row) => ({ row, score: -Infinity }))], index, profile, options);
}

function exploreRows(index: SnippetIndex, options: RankOptions, exclude: Set<number>): number[] {
  const rows: number[] = [];
  for (let row = 0; row < index.snippets.length; row++) {
    const s = index.snippets[row]!;
    if (s.mode === options.mode && !options.recent.has(s.id) && !exclude.has(row)) rows.push(row);
  }
  return rows;
}

/** A bounded min-heap keeping the `size` highest scores. */
class TopK {
  private rows: number[] = [];
  private scores: number[] = [];
  constructor(private readonly size: number) {}
  push(row: number, score: number): void {
    if (this.rows.length < this.size) {
      this.rows.push(row);
      this.scores.push(score);
      this.up(this.rows.length - 1);
    } else if (score > this.scores[0]!) {
      this.rows[0] = row;
      this.scores[0] = score;
      this.down(0);
    }
  }
  sorted(): { row: number; score: number }[] {
    return this.rows.map((row, i) => ({ row, score: this.scores[i]! })).sort((a, b) => b.score - a.score);
  }
  private swap(a: number, b: number) {
    [this.rows[a], this.rows[b]] = [this.rows[b]!, this.rows[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }
  private up(i: number) {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent]! <= this.scores[i]!) break;
      this.swap(parent, i);
      i = parent;
    }
  }
  private down(i: number) {
    const n = this.rows.length;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let smallest = i;
      if (l < n && this.scores[l]! < this.scores[smallest]!) smallest = l;
      if (r < n && this.scores[r]! < this.scores[smallest]!) smallest = r;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}

/** Difficulty-match baseline: closest to the target difficulty, ties broken at random. */
export function rankByDifficulty(
  index: SnippetIndex,
  profile: KeyProfile,
  options: RankOptions,
): RankedSnippet[] {
  const candidates = index.snippets
    .map((s, row) => ({ row, s }))
    .filter(({ s }) => s.mode === options.mode && !options.recent.has(s.id))
    .map(({ row, s }) => ({
      row,
      score: -Math.abs(s.difficulty - options.targetDifficulty) + 0.01 * options.random.next(),
      drill: 0,
    }));
  candidates.sort((a, b) => b.score - a.score);
  return pick(candidates, index, profile, { ...options, exploration: 0 });
}

function pick(
  sorted: { row: number; score: number }[],
  index: SnippetIndex,
  profile: KeyProfile,
  options: RankOptions,
): RankedSnippet[] {
  const out: RankedSnippet[] = [];
  const taken = new Set<number>();
  const explore = options.exploration ?? 0.1;
  const pool = sorted.slice(0, Math.max(options.count * 20, 200));
  while (out.length < Math.min(options.count, sorted.length)) {
    const exploring = options.random.next() < explore && sorted.length > pool.length;
    const choice = exploring
      ? sorted[pool.length + options.random.int(sorted.length - pool.length)]!
      : pool.find((c) => !taken.has(c.row));
    if (!choice || taken.has(choice.row)) {
      if (!exploring) break;
      continue;
    }
    taken.add(choice.row);
    const snippet = index.snippets[choice.row]!;
    const drills = profile.focus
      .map((f) => f.key)
      .filter((key) => index.keyShare[choice.row * K + KEY_INDEX.get(key)!]! > 0);
    out.push({
      snippet,
      score: choice.score,
      drills,
      explored: exploring,
      reason: reasonFor(exploring, drills, profile),
    });
  }
  return out;
}

function reasonFor(explored: boolean, drills: string[], profile: KeyProfile): string {
  if (explored) return "Something new, to learn more about your typing";
  if (drills.length > 0) {
    const slow = drills.filter((k) => (profile.focus.find((f) => f.key === k)?.confidence ?? 1) < 1);
    const errors = drills.filter((k) => !slow.includes(k));
    const parts = [];
    if (slow.length) parts.push(`drills your slow keys: ${slow.join(", ")}`);
    if (errors.length) parts.push(`practises keys you miss: ${errors.join(", ")}`);
    return parts.join("; ").replace(/^./, (c) => c.toUpperCase());
  }
  if (profile.practisedKeys === 0) return "A starting point at a comfortable level";
  return "Matches your level";
}
