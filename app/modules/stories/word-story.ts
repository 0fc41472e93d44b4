/**
 * Stories that use a learner's French words (issue 9: modules feed each other). Browser-safe and pure.
 * English stories (any writer, the local model included) carry the words' English meanings and show the
 * French beside them; French stories need a hosted writer (our model only knows English) and use the French
 * words themselves.
 */
export type StoryLanguage = "en" | "fr";

export interface StoryWord {
  french: string;
  english: string;
  partOfSpeech?: string | null;
}

export interface UsedWord {
  french: string;
  english: string;
  /** Whether the finished story contains it (the French word, or for English stories its meaning). */
  used: boolean;
}

const CONTENT_WORDS = new Set(["noun", "verb", "adjective", "adverb"]);

/**
 * The words a story should carry: due ones first (a story is a review in context), and among equals content
 * words before "le", "de" and the like, which every story has anyway. Stable: otherwise the learner's order.
 */
export function pickStoryWords<W extends StoryWord & { due?: boolean }>(
  words: readonly W[],
  count: number,
): W[] {
  const content = (w: W) => Number(CONTENT_WORDS.has(w.partOfSpeech ?? ""));
  return [...words]
    .sort((a, b) => Number(Boolean(b.due)) - Number(Boolean(a.due)) || content(b) - content(a))
    .slice(0, count);
}

/** The simplest sense of a gloss like "bazaar, fair, market; sales activity": the shortest one-word sense. */
export function plainSense(english: string): string {
  const senses = english
    .split(/[,;]/)
    .map((s) => s.trim().replace(/^to /, ""))
    .filter(Boolean);
  const single = senses.filter((s) => !/\s/.test(s));
  return (single.length ? single : senses).sort((a, b) => a.length - b.length)[0] ?? english;
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? "an" : "a");

/** An opening that puts the learner's nouns in the story's first lines, so even our small model uses them. */
export function wordStoryOpening(words: readonly StoryWord[], language: StoryLanguage): string {
  if (language === "fr") return "Il était une fois";
  const nouns = words.filter((w) => w.partOfSpeech === "noun").map((w) => plainSense(w.english));
  const [a, b] = nouns;
  if (a && b)
    return `Once upon a time, a little girl named Lily found ${article(a)} ${a} and ${article(b)} ${b}.`;
  if (a) return `Once upon a time, a little girl named Lily found ${article(a)} ${a}.`;
  const first = words[0];
  return first
    ? `Once upon a time, Lily learned a new word: ${plainSense(first.english)}.`
    : "Once upon a time,";
}

/** What a hosted writer is told on top of the usual story instructions. */
export function wordInstructions(words: readonly StoryWord[], language: StoryLanguage): string {
  if (language === "fr")
    return [
      "Write the story in simple French for a beginner (CEFR A1–A2): short sentences, present tense, common words.",
      `Use each of these French words at least once: ${words.map((w) => w.french).join(", ")}.`,
    ].join(" ");
  return `Use these English words in the story: ${words.map((w) => plainSense(w.english)).join(", ")}.`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const contains = (text: string, word: string) =>
  new RegExp(`(^|[^\\p{L}])${escape(word)}([^\\p{L}]|$)`, "iu").test(text);

/** Which of the words the story used. English: the word's plain sense, or any sense of its gloss. */
export function wordsUsed(text: string, words: readonly StoryWord[], language: StoryLanguage): UsedWord[] {
  return words.map((w) => ({
    french: w.french,
    english: w.english,
    used:
      language === "fr"
        ? contains(text, w.french)
        : w.english
            .split(/[,;]/)
            .map((s) => s.trim().replace(/^to /, ""))
            .filter(Boolean)
            .some((sense) => contains(text, sense)),
  }));
}
