import type { PracticeWord } from "../learn/practice-words.server.ts";
import { practiceWords } from "../learn/practice-words.server.ts";
import { FRENCH_ACCENT_KEYS, packFit, lessonPack } from "./lesson-packs.ts";
import type { NextSnippet, NextSnippets } from "./next-snippets.server.ts";
import { addOwnSnippets } from "./own-snippets.server.ts";

/**
 * "Type your French": a typing drill made from the learner's own French words (learn's practiceWords: the
 * ones due for review first), stored as the learner's own snippets like a story sent to typing. Each
 * snippet is short: a word's example sentence when it has one, otherwise a handful of the words; words with
 * accents come first, so the drill practises é è ê à ç ù … on words the learner is learning anyway.
 */
export const frenchDrillSource = (userId: string) => `french:${userId}`;

const WORDS_TO_READ = 40;
const MAX_SNIPPETS = 8;
const WORDS_PER_GROUP = 5;
const MAX_EXAMPLE_LENGTH = 140;
// Snippets need 10 characters; a short group repeats its words to get there.
const MIN_LENGTH = 10;

const ACCENTS = new Set(FRENCH_ACCENT_KEYS);
export const hasAccent = (text: string) =>
  [...text.normalize("NFC").toLowerCase()].some((c) => ACCENTS.has(c));

/** French typography the typing zone cannot expect a US keyboard to produce, as the keys a typist uses. */
export function typeableFrench(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/[\u00a0\u202f\u2009]/g, " ")
    .replace(/" /g, '"')
    .replace(/ "/g, ' "')
    .replace(/\s+/g, " ")
    .trim();
}

export interface DrillText {
  text: string;
  reason: string;
  /** The French words this text practises. */
  words: string[];
}

/**
 * The drill's texts from the learner's words (in practiceWords' order: due first). Accented words are
 * taken first, keeping that order within each group; each word gives its example sentence when it has a
 * short one, and the rest are typed as groups of words.
 */
export function frenchDrillTexts(words: readonly PracticeWord[], max = MAX_SNIPPETS): DrillText[] {
  const ordered = [...words].sort(
    (a, b) =>
      Number(hasAccent(b.french) || hasAccent(b.exampleFr ?? "")) -
      Number(hasAccent(a.french) || hasAccent(a.exampleFr ?? "")),
  );
  const out: DrillText[] = [];
  const seen = new Set<string>();
  const group: PracticeWord[] = [];
  const flush = () => {
    if (!group.length) return;
    const french = group.map((w) => typeableFrench(w.french));
    let text = french.join(" ");
    while (text.length < MIN_LENGTH) text = `${text} ${french.join(" ")}`;
    const due = group.some((w) => w.due);
    out.push({
      text,
      words: group.map((w) => w.french),
      reason: `Your French words${due ? ", due for review today" : ""}: ${group
        .map((w) => `${w.french} (${w.english})`)
        .join(", ")}`,
    });
    group.length = 0;
  };
  for (const word of ordered) {
    if (out.length >= max) break;
    const example = word.exampleFr ? typeableFrench(word.exampleFr) : "";
    if (example.length >= MIN_LENGTH && example.length <= MAX_EXAMPLE_LENGTH && !seen.has(example)) {
      seen.add(example);
      out.push({
        text: example,
        words: [word.french],
        reason: `Example for “${word.french}” (${word.english})${word.due ? ", due for review today" : ""}`,
      });
      continue;
    }
    group.push(word);
    if (group.length >= WORDS_PER_GROUP) flush();
  }
  if (out.length < max) flush();
  return out.slice(0, max);
}

export interface FrenchDrill extends NextSnippets {
  /** How many of the learner's words the drill was built from; 0 = not learning French yet. */
  wordCount: number;
}

/** Builds (or reuses) the learner's French drill snippets and returns them, in order. */
export async function frenchDrill(userId: string, now = new Date()): Promise<FrenchDrill> {
  const words = await practiceWords(userId, WORDS_TO_READ, now);
  const texts = frenchDrillTexts(words);
  const stored = texts.length
    ? await addOwnSnippets(
        userId,
        frenchDrillSource(userId),
        texts.map((t) => t.text),
        { allowAccents: true, keyedByText: true },
      )
    : [];
  const byText = new Map(texts.map((t) => [t.text, t]));
  const pack = lessonPack("french-accents")!;
  const snippets: NextSnippet[] = [];
  const used = new Set<string>();
  for (const s of stored) {
    if (used.has(s.id)) continue;
    used.add(s.id);
    snippets.push({
      id: s.id,
      text: s.text,
      mode: "sentences",
      difficulty: s.difficulty,
      reason: byText.get(s.text)?.reason ?? "Your French words",
      drills: packFit(s.text, pack).keys.slice(0, 5),
    });
  }
  return {
    policy: "own",
    modelId: null,
    focus: [],
    targetDifficulty: 0,
    snippets,
    wordCount: words.length,
  };
}
