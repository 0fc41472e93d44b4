import fs from "node:fs/promises";
import { createRequire } from "node:module";
import { buildLexicon, type FrenchLexicon, type LexiconData } from "../../../ml/french/lexicon.ts";
import { parseVocabularyCsv } from "./vocabulary-csv.ts";
import { DEFAULT_VOCABULARY } from "./vocabulary.server.ts";

const require = createRequire(import.meta.url);
let lexicon: Promise<FrenchLexicon> | undefined;

/**
 * The checker's lexicon, built once per process on first use (about 8 MB of Lefff JSON from the npm
 * packages, LGPL-LR data; see docs/decisions/011) plus the shipped vocabulary's adjectives and words.
 */
export function frenchLexicon(): Promise<FrenchLexicon> {
  lexicon ??= (async () => {
    const read = async (pkg: string) =>
      JSON.parse(await fs.readFile(require.resolve(pkg), "utf8")) as unknown;
    const [genders, conjugations, csv] = await Promise.all([
      read("french-words-gender-lefff/dist/words.json"),
      read("french-verbs-lefff/dist/conjugations.json"),
      fs.readFile(DEFAULT_VOCABULARY, "utf8"),
    ]);
    const { rows } = parseVocabularyCsv(csv);
    return buildLexicon({
      genders: genders as LexiconData["genders"],
      conjugations: conjugations as LexiconData["conjugations"],
      adjectives: rows.filter((r) => r.part_of_speech === "adjective").map((r) => r.french),
      words: rows.map((r) => r.french),
    });
  })();
  return lexicon;
}
