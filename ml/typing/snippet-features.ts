import { keyInfo, travelFromHome } from "./keyboard-layout.ts";

/**
 * Difficulty metadata for a typing snippet. Every feature is a rate or a mean so snippets of different
 * lengths compare; `difficulty` folds them into one 1-10 score used for display and the difficulty-match
 * baseline. The weights are hand-set from what slows typists down in the keybr/Monkeytype literature:
 * rare letter pairs, same-finger pairs, reaches away from the home row, Shift, digits and symbols.
 */
export interface SnippetFeatures {
  length: number;
  words: number;
  meanWordLength: number;
  upperRate: number;
  digitRate: number;
  punctuationRate: number;
  /** Mean surprisal of letter pairs, in bits, against an English bigram model (higher = rarer pairs). */
  bigramRarity: number;
  /** Share of consecutive keys typed by the same finger (excluding repeats of one key). */
  sameFingerRate: number;
  /** Share of consecutive keys on different rows. */
  rowChangeRate: number;
  /** Mean distance of each key from its finger's home position, in key widths. */
  meanTravel: number;
  /** Share of characters that need Shift. */
  shiftRate: number;
  /** Characters outside US QWERTY (accents, typographic quotes): the analyser cannot place them. */
  unknownRate: number;
  difficulty: number;
}

export type BigramModel = (bigram: string) => number;

/**
 * Builds a bigram probability model (with add-one smoothing over letter pairs) from weighted words,
 * e.g. a word-frequency list. Word boundaries count as pairs with a space.
 */
export function buildBigramModel(words: Iterable<{ word: string; count: number }>): BigramModel {
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of words) {
    const w = ` ${word.toLowerCase()} `;
    for (let i = 0; i < w.length - 1; i++) {
      const b = w.slice(i, i + 2);
      counts.set(b, (counts.get(b) ?? 0) + count);
      total += count;
    }
  }
  const vocabulary = 27 * 27;
  return (bigram) => ((counts.get(bigram.toLowerCase()) ?? 0) + 1) / (total + vocabulary);
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function analyseSnippet(text: string, bigramProbability: BigramModel): SnippetFeatures {
  const chars = [...text];
  const n = Math.max(1, chars.length);
  const words = text.trim().split(/\s+/).filter(Boolean);
  let upper = 0,
    digits = 0,
    punctuation = 0,
    shift = 0,
    unknown = 0,
    travel = 0,
    placed = 0;
  for (const c of chars) {
    if (/[A-Z]/.test(c)) upper++;
    else if (/[0-9]/.test(c)) digits++;
    else if (/[^\sA-Za-z0-9]/.test(c)) punctuation++;
    const info = keyInfo(c);
    if (!info) {
      unknown++;
      continue;
    }
    placed++;
    if (info.shift) shift++;
    travel += travelFromHome(info);
  }

  let surprisal = 0,
    pairs = 0,
    sameFinger = 0,
    rowChanges = 0,
    keyPairs = 0;
  const lower = text.toLowerCase();
  for (let i = 0; i < chars.length - 1; i++) {
    const a = keyInfo(chars[i]!);
    const b = keyInfo(chars[i + 1]!);
    if (a && b) {
      keyPairs++;
      if (a.finger === b.finger && a.finger !== "thumb" && a.key !== b.key) sameFinger++;
      if (a.row !== b.row) rowChanges++;
    }
    const pair = lower.slice(i, i + 2);
    if (/^[a-z ]{2}$/.test(pair) && pair !== "  ") {
      surprisal += -Math.log2(bigramProbability(pair));
      pairs++;
    }
  }

  const f = {
    length: chars.length,
    words: words.length,
    meanWordLength: words.length ? words.reduce((s, w) => s + w.length, 0) / words.length : 0,
    upperRate: upper / n,
    digitRate: digits / n,
    punctuationRate: punctuation / n,
    bigramRarity: pairs ? surprisal / pairs : 0,
    sameFingerRate: keyPairs ? sameFinger / keyPairs : 0,
    rowChangeRate: keyPairs ? rowChanges / keyPairs : 0,
    meanTravel: placed ? travel / placed : 0,
    shiftRate: shift / n,
    unknownRate: unknown / n,
  };
  // Medians over the shipped public-domain sentences (5,912 snippets): rarity 7.38 bits, same-finger 0.037,
  // row change 0.80, travel 0.67, shift 0.017, punctuation 0.031, word length 4.2. Each term measures how far
  // above that a snippet is, weighted so the corpus's 5-95% range of each term moves the score by about 0.3-1
  // (rare pairs and Shift count most); the sum is squashed to 1..10 with the median sentence at 5.5.
  const raw =
    3 * (f.bigramRarity - 7.38) +
    20 * (f.sameFingerRate - 0.037) +
    5 * (f.rowChangeRate - 0.8) +
    5 * (f.meanTravel - 0.67) +
    15 * (f.shiftRate - 0.017) +
    20 * f.digitRate +
    10 * (f.punctuationRate - 0.031) +
    0.3 * (f.meanWordLength - 4.2) +
    10 * f.unknownRate;
  const difficulty = 1 + 9 / (1 + Math.exp(-raw));
  return Object.fromEntries(
    Object.entries({ ...f, difficulty }).map(([k, v]) => [k, k === "length" || k === "words" ? v : round(v)]),
  ) as unknown as SnippetFeatures;
}

/** The distinct typeable characters of a snippet (lower-cased letters and other keys), for drill matching. */
export function keysOf(text: string): string[] {
  return [...new Set([...text.toLowerCase()].filter((c) => c !== " "))].sort();
}
