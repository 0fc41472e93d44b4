import { beforeAll, describe, expect, it } from "vitest";
import { checkFrench, type LanguageError } from "../../../ml/french/checker";
import type { FrenchLexicon } from "../../../ml/french/lexicon";
import { tokenize } from "../../../ml/french/tokenize";
import { CORRECT_SENTENCES } from "./french-correct-sentences.test-fixture";
import fs from "node:fs/promises";
import { lexiconWith } from "./french-lexicon.server";
import { parseVocabularyCsv } from "./vocabulary-csv";
import { DEFAULT_VOCABULARY } from "./vocabulary.server";

let lex: FrenchLexicon;
beforeAll(async () => {
  // The shipped vocabulary, as the vocabulary table holds it after the first boot.
  const { rows } = parseVocabularyCsv(await fs.readFile(DEFAULT_VOCABULARY, "utf8"));
  lex = await lexiconWith(rows.map((r) => ({ french: r.french, partOfSpeech: r.part_of_speech })));
});

const brief = (errors: LanguageError[]) => errors.map((e) => [e.category, e.text, e.suggestion]);

describe("tokenize", () => {
  it("keeps elided words with their apostrophe and gives spans into the text", () => {
    const text = "L’homme qu'il voit aujourd'hui, c'est-à-dire";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.lower)).toEqual([
      "l'",
      "homme",
      "qu'",
      "il",
      "voit",
      "aujourd'hui",
      "c'",
      "est-à-dire",
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe("the French checker", () => {
  it.each([
    ["Le homme mange une pomme.", [["elision", "Le homme", "L'homme"]]],
    ["Je ai un chat.", [["elision", "Je ai", "J'ai"]]],
    ["Ce est mon ami.", [["elision", "Ce est", "C'est"]]],
    [
      "Je aime la ecole.",
      [
        ["elision", "Je aime", "J'aime"],
        ["elision", "la ecole", "l'école"],
      ],
    ],
    ["Je vais à le marché.", [["contraction", "à le", "au"]]],
    ["Je parle de les enfants.", [["contraction", "de les", "des"]]],
    ["Le voiture est rapide.", [["gender", "Le", "La"]]],
    ["J'habite dans un petite maison.", [["gender", "un", "une"]]],
    ["Les maison sont grandes.", [["number", "maison", "maisons"]]],
    ["Il a des chevals.", [["number", "chevals", "chevaux"]]],
    ["La maison est blanc.", [["agreement", "blanc", "blanche"]]],
    ["Elle est content.", [["agreement", "content", "contente"]]],
    ["Une voiture rouges.", [["agreement", "rouges", "rouge"]]],
    ["Nous mange du pain.", [["conjugation", "mange", "mangeons"]]],
    ["Il mangent des pommes.", [["conjugation", "mangent", "mange"]]],
    ["Ils est fatigués.", [["conjugation", "est", "sont"]]],
    ["Je être heureux.", [["conjugation", "être", "suis"]]],
    ["Il faut etre patient.", [["accent", "etre", "être"]]],
  ])("%s", (sentence, expected) => {
    const errors = checkFrench(sentence, lex);
    expect(brief(errors)).toEqual(expected);
    for (const e of errors) {
      expect(sentence.slice(e.start, e.end)).toBe(e.text);
      expect(e.explanation.length).toBeGreaterThan(10);
    }
  });

  it("explains each error in terms of the rule", () => {
    const [gender] = checkFrench("Le voiture est rapide.", lex);
    expect(gender!.explanation).toBe('"voiture" is feminine: "la voiture".');
    const [verb] = checkFrench("Nous mange du pain.", lex);
    expect(verb!.explanation).toBe('With "nous", "manger" takes "mangeons".');
  });

  it("knows where the rules do not apply: mute and aspirated h, mon before a vowel, de le + verb, objects", () => {
    for (const s of ["Le hérisson dort.", "Mon amie est belle.", "Il parle de le faire.", "Il vous parle."])
      expect(brief(checkFrench(s, lex)), s).toEqual([]);
  });

  it(`finds nothing in ${CORRECT_SENTENCES.length} correct sentences`, () => {
    const flagged = CORRECT_SENTENCES.map((s) => [s, brief(checkFrench(s, lex))]).filter(
      ([, e]) => e!.length,
    );
    expect(flagged).toEqual([]);
  });

  it("leaves words it does not know alone, and copes with empty or odd input", () => {
    expect(checkFrench("Le wombat zigouille le xylophone.", lex)).toEqual([]);
    expect(checkFrench("", lex)).toEqual([]);
    expect(checkFrench("!!! 123 ???", lex)).toEqual([]);
    expect(checkFrench("le", lex)).toEqual([]);
  });
});
