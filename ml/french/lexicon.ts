import { agree } from "french-adjectives";
import { contracts } from "french-contractions";
import { getPlural } from "french-words";
import { stripAccents } from "./tokenize.ts";

/**
 * What the French checker knows about words, built from kept data: noun genders and verb conjugations
 * from the Lefff lexicon (french-words-gender-lefff, french-verbs-lefff), noun plurals, adjective
 * agreement and elision before a vowel or mute h from RosaeNLG's french-words, french-adjectives and
 * french-contractions, plus any word list (the shipped vocabulary) for accents.
 */
export type Gender = "M" | "F";
export type GrammaticalNumber = "S" | "P";
/** Indicative present, imperfect, simple future, conditional: the finite forms a subject takes. */
export const FINITE_TENSES = ["P", "I", "F", "C"] as const;
export type FiniteTense = (typeof FINITE_TENSES)[number];

export interface NounReading {
  lemma: string;
  gender: Gender;
  /** "*" for nouns whose plural is the singular (le bras, les bras). */
  number: GrammaticalNumber | "*";
}

export interface AdjectiveReading {
  lemma: string;
  gender: Gender | "*";
  number: GrammaticalNumber | "*";
}

export interface VerbReading {
  infinitive: string;
  tense: FiniteTense;
  /** 0-5: je, tu, il/elle/on, nous, vous, ils/elles. */
  person: number;
}

export interface LexiconData {
  genders: Record<string, Gender>;
  conjugations: Record<string, Partial<Record<string, (string | null)[]>>>;
  /** Adjective lemmas (masculine singular) to recognise in any form. */
  adjectives: readonly string[];
  /** More known words (for the accent check). */
  words: readonly string[];
}

export interface FrenchLexicon {
  nouns(word: string): NounReading[];
  adjectives(word: string): AdjectiveReading[];
  agreeAdjective(
    lemma: string,
    gender: Gender,
    number: GrammaticalNumber,
    noun: string,
    before: boolean,
  ): string;
  nounPlural(lemma: string): string;
  /** "chevals": a known noun with a regular -s where its plural is irregular (chevaux). */
  misspeltPlural(word: string): { lemma: string; plural: string; gender: Gender } | null;
  verbs(word: string): VerbReading[];
  isInfinitive(word: string): boolean;
  conjugate(infinitive: string, tense: FiniteTense, person: number): string | null;
  isKnown(word: string): boolean;
  /** Known words spelt with the same letters but other accents. */
  accentVariants(word: string): string[];
  /** Whether a determiner elides before this word (l'homme, but le hérisson). */
  elides(word: string): boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildLexicon(data: LexiconData): FrenchLexicon {
  // Only the finite tenses are kept (the source holds eleven per verb), so the parsed JSON can be freed.
  // Compact on purpose (tens of thousands of verbs): a form maps to reading codes, verb × 24 + tense × 6 + person.
  const finite = new Map<string, (string | null)[]>();
  const infinitives: string[] = [];
  const verbForms = new Map<string, number | number[]>();
  const otherForms = new Set<string>();
  for (const [infinitive, info] of Object.entries(data.conjugations)) {
    const verb = infinitives.push(infinitive) - 1;
    // Participles, subjunctive, imperative, past historic: known words (for accents), not indexed.
    for (const [tense, list] of Object.entries(info))
      if (!(FINITE_TENSES as readonly string[]).includes(tense))
        for (const form of list ?? []) if (form && form !== "NA") otherForms.add(form);
    const forms: (string | null)[] = [];
    FINITE_TENSES.forEach((tense, t) => {
      for (let person = 0; person < 6; person++) {
        const form = info[tense]?.[person];
        const ok = form && form !== "NA" ? form : null;
        forms.push(ok);
        if (!ok) continue;
        const code = verb * 24 + t * 6 + person;
        const prev = verbForms.get(ok);
        verbForms.set(ok, prev === undefined ? code : Array.isArray(prev) ? [...prev, code] : [prev, code]);
      }
    });
    finite.set(infinitive, forms);
  }
  const genders = new Map(Object.entries(data.genders));

  const adjectiveForms = new Map<string, AdjectiveReading[]>();
  for (const lemma of data.adjectives) {
    const forms = new Map<string, { g: Set<Gender>; n: Set<GrammaticalNumber> }>();
    for (const g of ["M", "F"] as const)
      for (const n of ["S", "P"] as const) {
        let form: string;
        try {
          form = agree(lemma, g, n, null, false, undefined);
        } catch {
          continue;
        }
        const entry = forms.get(form) ?? { g: new Set(), n: new Set() };
        entry.g.add(g);
        entry.n.add(n);
        forms.set(form, entry);
      }
    for (const [form, { g, n }] of forms)
      push(adjectiveForms, form, {
        lemma,
        gender: g.size === 2 ? "*" : [...g][0]!,
        number: n.size === 2 ? "*" : [...n][0]!,
      });
  }

  const plurals = new Map<string, string>();
  const plural = (lemma: string) => {
    let p = plurals.get(lemma);
    if (p === undefined) {
      try {
        p = getPlural(null, lemma);
      } catch {
        p = `${lemma}s`;
      }
      plurals.set(lemma, p);
    }
    return p;
  };

  // For accents only words whose letters match an accented word matter: keep just those (a few MB, not 80).
  const allWords = () => [
    [...genders.keys()].map((w) => w.toLowerCase()),
    [...verbForms.keys()],
    [...otherForms],
    [...finite.keys()],
    [...adjectiveForms.keys()],
    data.words.map((w) => w.toLowerCase()),
  ];
  // Letters without accents → the accented words spelt with them, "|"-separated.
  const byLetters = new Map<string, string>();
  for (const list of allWords())
    for (const w of list)
      if (stripAccents(w) !== w) {
        const key = stripAccents(w);
        const prev = byLetters.get(key);
        if (prev === undefined) byLetters.set(key, w);
        else if (!prev.split("|").includes(w)) byLetters.set(key, `${prev}|${w}`);
      }
  const known = new Set<string>();
  for (const list of allWords()) for (const w of list) if (byLetters.has(stripAccents(w))) known.add(w);
  otherForms.clear();

  return {
    nouns(word) {
      const out: NounReading[] = [];
      const g = genders.get(word);
      if (g) out.push({ lemma: word, gender: g, number: plural(word) === word ? "*" : "S" });
      const candidates = new Set<string>();
      if (/[sx]$/.test(word)) candidates.add(word.slice(0, -1));
      if (word.endsWith("aux")) candidates.add(`${word.slice(0, -3)}al`).add(`${word.slice(0, -3)}ail`);
      if (word === "yeux") candidates.add("œil");
      for (const c of candidates) {
        const gc = genders.get(c);
        if (gc && c !== word && plural(c) === word) out.push({ lemma: c, gender: gc, number: "P" });
      }
      return out;
    },
    adjectives: (word) => adjectiveForms.get(word) ?? [],
    agreeAdjective: (lemma, gender, number, noun, before) =>
      agree(lemma, gender, number, before ? noun : null, before, undefined),
    nounPlural: plural,
    misspeltPlural(word) {
      if (!word.endsWith("s") || genders.has(word)) return null;
      const lemma = word.slice(0, -1);
      const gender = genders.get(lemma);
      if (!gender) return null;
      const p = plural(lemma);
      return p !== word && p !== lemma ? { lemma, plural: p, gender } : null;
    },
    verbs(word) {
      const codes = verbForms.get(word);
      if (codes === undefined) return [];
      return (Array.isArray(codes) ? codes : [codes]).map((code) => ({
        infinitive: infinitives[Math.floor(code / 24)]!,
        tense: FINITE_TENSES[Math.floor((code % 24) / 6)]!,
        person: code % 6,
      }));
    },
    isInfinitive: (word) => finite.has(word),
    conjugate(infinitive, tense, person) {
      return finite.get(infinitive)?.[FINITE_TENSES.indexOf(tense) * 6 + person] ?? null;
    },
    /** Whether the word is spelt as a known word; only answered for words an accent could change. */
    isKnown: (word) => known.has(word) || !byLetters.has(stripAccents(word)),
    accentVariants: (word) => (byLetters.get(stripAccents(word))?.split("|") ?? []).filter((w) => w !== word),
    elides: (word) => contracts(word, undefined),
  };
}
