import { createRandom } from "../random.ts";

/**
 * Word-mode practice texts from a frequency-ranked word list, like Monkeytype's "english 1k" tests and
 * keybr's focused lessons: general snippets draw from the most common words (weighted toward the top), and
 * focused snippets contain a given letter in every word, so a weak key can be drilled with real words.
 */
export interface WordSnippet {
  text: string;
  /** The letter every word contains, for focused snippets. */
  focus?: string;
}

export interface WordSnippetOptions {
  wordsPerSnippet?: number;
  general?: number;
  focusedPerLetter?: number;
  seed?: number;
}

export function cleanWordList(entries: readonly { word: string }[], limit: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { word } of entries) {
    const w = word.toLowerCase();
    if (!/^[a-z]+$/.test(w) || (w.length < 2 && w !== "a" && w !== "i") || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}

export function buildWordSnippets(
  rankedWords: readonly string[],
  options: WordSnippetOptions = {},
): WordSnippet[] {
  const { wordsPerSnippet = 12, general = 800, focusedPerLetter = 24, seed = 42 } = options;
  const random = createRandom(seed);
  // Zipf-like: rank r drawn with weight 1/(r+10), so common words dominate but the long tail appears.
  const weights = rankedWords.map((_, r) => 1 / (r + 10));
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative.at(-1) ?? 0;
  const draw = (pool: readonly string[], cum: number[], tot: number) => {
    const x = random.next() * tot;
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return pool[lo]!;
  };
  const snippet = (pool: readonly string[], cum: number[], tot: number) => {
    const words: string[] = [];
    while (words.length < wordsPerSnippet) {
      const w = draw(pool, cum, tot);
      if (w !== words.at(-1)) words.push(w);
    }
    return words.join(" ");
  };

  const out: WordSnippet[] = [];
  for (let i = 0; i < general; i++) out.push({ text: snippet(rankedWords, cumulative, total) });
  for (const letter of "abcdefghijklmnopqrstuvwxyz") {
    const pool = rankedWords.filter((w) => w.includes(letter));
    if (pool.length < wordsPerSnippet) continue;
    const cum: number[] = [];
    pool.reduce((sum, _w, i) => (cum[i] = sum + 1 / (i + 10)), 0);
    for (let i = 0; i < focusedPerLetter; i++)
      out.push({ text: snippet(pool, cum, cum.at(-1)!), focus: letter });
  }
  return out;
}
