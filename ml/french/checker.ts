import type { FiniteTense, FrenchLexicon, Gender, GrammaticalNumber, NounReading } from "./lexicon.ts";
import { tokenize, type Token } from "./tokenize.ts";

/**
 * A rule-based French checker for learners' sentences (the seed used spaCy part-of-speech tags; this
 * uses the Lefff lexicon instead, see lexicon.ts). Each rule fires only where it can be sure: a word the
 * lexicon does not know is never flagged except for a missing or wrong accent on a word it does know.
 */
export type ErrorCategory =
  "gender" | "number" | "agreement" | "elision" | "contraction" | "conjugation" | "accent";

export interface LanguageError {
  start: number;
  end: number;
  text: string;
  category: ErrorCategory;
  suggestion: string;
  explanation: string;
}

type Family = "def" | "indef" | "dem" | "my" | "your" | "his" | "our" | "yourpl" | "their" | "du" | "au";
interface Determiner {
  family: Family;
  gender: Gender | "*";
  number: GrammaticalNumber;
}

const DETERMINERS: Record<string, Determiner> = {
  le: { family: "def", gender: "M", number: "S" },
  la: { family: "def", gender: "F", number: "S" },
  "l'": { family: "def", gender: "*", number: "S" },
  les: { family: "def", gender: "*", number: "P" },
  un: { family: "indef", gender: "M", number: "S" },
  une: { family: "indef", gender: "F", number: "S" },
  des: { family: "indef", gender: "*", number: "P" },
  ce: { family: "dem", gender: "M", number: "S" },
  cet: { family: "dem", gender: "M", number: "S" },
  cette: { family: "dem", gender: "F", number: "S" },
  ces: { family: "dem", gender: "*", number: "P" },
  mon: { family: "my", gender: "M", number: "S" },
  ma: { family: "my", gender: "F", number: "S" },
  mes: { family: "my", gender: "*", number: "P" },
  ton: { family: "your", gender: "M", number: "S" },
  ta: { family: "your", gender: "F", number: "S" },
  tes: { family: "your", gender: "*", number: "P" },
  son: { family: "his", gender: "M", number: "S" },
  sa: { family: "his", gender: "F", number: "S" },
  ses: { family: "his", gender: "*", number: "P" },
  notre: { family: "our", gender: "*", number: "S" },
  nos: { family: "our", gender: "*", number: "P" },
  votre: { family: "yourpl", gender: "*", number: "S" },
  vos: { family: "yourpl", gender: "*", number: "P" },
  leur: { family: "their", gender: "*", number: "S" },
  leurs: { family: "their", gender: "*", number: "P" },
  du: { family: "du", gender: "M", number: "S" },
  au: { family: "au", gender: "M", number: "S" },
  aux: { family: "au", gender: "*", number: "P" },
};

/** The determiner of a family for a gender and number, before a word that does or does not elide. */
function determinerFor(family: Family, gender: Gender, number: GrammaticalNumber, elides: boolean): string {
  if (number === "P")
    return {
      def: "les",
      indef: "des",
      dem: "ces",
      my: "mes",
      your: "tes",
      his: "ses",
      our: "nos",
      yourpl: "vos",
      their: "leurs",
      du: "des",
      au: "aux",
    }[family];
  const m = gender === "M" || (elides && ["my", "your", "his"].includes(family));
  switch (family) {
    case "def":
      return elides ? "l'" : m ? "le" : "la";
    case "indef":
      return m ? "un" : "une";
    case "dem":
      return m ? (elides ? "cet" : "ce") : "cette";
    case "my":
      return m ? "mon" : "ma";
    case "your":
      return m ? "ton" : "ta";
    case "his":
      return m ? "son" : "sa";
    case "our":
      return "notre";
    case "yourpl":
      return "votre";
    case "their":
      return "leur";
    case "du":
      return m ? "du" : elides ? "de l'" : "de la";
    case "au":
      return m ? "au" : elides ? "à l'" : "à la";
  }
}

const SUBJECTS: Record<string, number> = {
  je: 0,
  "j'": 0,
  tu: 1,
  il: 2,
  elle: 2,
  on: 2,
  nous: 3,
  vous: 4,
  ils: 5,
  elles: 5,
};
const CLITICS = new Set([
  "ne",
  "n'",
  "me",
  "m'",
  "te",
  "t'",
  "se",
  "s'",
  "le",
  "la",
  "l'",
  "les",
  "lui",
  "leur",
  "y",
  "en",
  "nous",
  "vous",
]);
const ELIDABLE: Record<string, string> = {
  le: "l'",
  la: "l'",
  de: "d'",
  je: "j'",
  me: "m'",
  te: "t'",
  se: "s'",
  ne: "n'",
  que: "qu'",
};
const PREPOSITIONS = new Set([
  "de",
  "d'",
  "à",
  "pour",
  "avec",
  "sans",
  "chez",
  "par",
  "sur",
  "sous",
  "entre",
  "vers",
  "contre",
  "devant",
  "derrière",
  "après",
  "avant",
  "comme",
  "selon",
  "pendant",
]);
/** Closed-class words: always known (the lexicon lists open-class words), never "missing an accent". */
const FUNCTION_WORDS = new Set([
  ...PREPOSITIONS,
  "et",
  "ou",
  "où",
  "mais",
  "donc",
  "or",
  "ni",
  "car",
  "que",
  "qu'",
  "qui",
  "quoi",
  "dont",
  "si",
  "ne",
  "pas",
  "plus",
  "jamais",
  "rien",
  "très",
  "bien",
  "aussi",
  "déjà",
  "encore",
  "toujours",
  "souvent",
  "ici",
  "là",
  "y",
  "en",
  "ça",
  "cela",
  "ceci",
  "celui",
  "celle",
  "ceux",
  "celles",
  "moi",
  "toi",
  "lui",
  "eux",
  "soi",
  "quel",
  "quelle",
  "quels",
  "quelles",
  "dans",
  "a",
  "à",
  "notre",
  "votre",
  "nos",
  "vos",
  "leur",
  "leurs",
  "me",
  "te",
  "se",
  "oui",
  "non",
  "quand",
  "comment",
  "pourquoi",
  "combien",
  "the",
]);
const PERSON_NAMES = ["je", "tu", "il/elle/on", "nous", "vous", "ils/elles"];
const ETRE_FORMS = new Set([
  "suis",
  "es",
  "est",
  "sommes",
  "êtes",
  "sont",
  "étais",
  "était",
  "étions",
  "étiez",
  "étaient",
  "serai",
  "sera",
  "seront",
  "serait",
  "seraient",
]);

const genderName = (g: Gender) => (g === "M" ? "masculine" : "feminine");
const matchCase = (original: string, suggestion: string) =>
  /^\p{Lu}/u.test(original) ? suggestion.charAt(0).toUpperCase() + suggestion.slice(1) : suggestion;

/** One noun reading if the readings agree on gender (and on number, when they know it). */
function soleNoun(readings: NounReading[]): NounReading | null {
  if (readings.length === 0) return null;
  const first = readings[0]!;
  if (readings.some((r) => r.gender !== first.gender)) return null;
  if (readings.some((r) => r.number !== first.number)) return { ...first, number: "*" };
  return first;
}

export function checkFrench(text: string, lex: FrenchLexicon): LanguageError[] {
  const tokens = tokenize(text);
  const errors: LanguageError[] = [];
  const span = (from: Token, to: Token) => ({
    start: from.start,
    end: to.end,
    text: text.slice(from.start, to.end),
  });
  const add = (e: LanguageError) => {
    if (!errors.some((x) => x.start < e.end && e.start < x.end)) errors.push(e);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    // Only words separated by spaces form a pair (not across punctuation).
    const adjacent = (a: Token, b: Token | undefined): b is Token =>
      !!b && /^\s*$/.test(text.slice(a.end, b.start));

    // Elision: le homme → l'homme, je ai → j'ai, ce est → c'est, si il → s'il.
    if (adjacent(t, next)) {
      const elided =
        ELIDABLE[t.lower] ??
        (t.lower === "ce" && /^(est|était)$/.test(next.lower) ? "c'" : undefined) ??
        (t.lower === "si" && /^ils?$/.test(next.lower) ? "s'" : undefined);
      const jeInfinitive =
        t.lower === "je" && lex.isInfinitive(next.lower) && lex.verbs(next.lower).length === 0;
      if (elided && !jeInfinitive && lex.elides(next.lower) && !(t.lower === "la" && next.lower === "une")) {
        const suggestion = matchCase(t.text, `${elided}${accentFixed(next)}`);
        add({
          ...span(t, next),
          category: "elision",
          suggestion,
          explanation: `Before a vowel sound "${t.lower}" becomes "${elided}": ${suggestion}.`,
        });
        continue;
      }
    }

    // Contraction: de le → du, de les → des, à le → au, à les → aux (not before a verb: "de le faire").
    if (
      (t.lower === "de" || t.lower === "à") &&
      adjacent(t, next) &&
      (next.lower === "le" || next.lower === "les")
    ) {
      const after = tokens[i + 2];
      const verbNext =
        after &&
        (lex.isInfinitive(after.lower) || lex.verbs(after.lower).length > 0) &&
        lex.nouns(after.lower).length === 0;
      if (!verbNext) {
        const contracted = { de: { le: "du", les: "des" }, à: { le: "au", les: "aux" } }[
          t.lower as "de" | "à"
        ][next.lower as "le" | "les"];
        add({
          ...span(t, next),
          category: "contraction",
          suggestion: matchCase(t.text, contracted),
          explanation: `"${t.lower} ${next.lower}" always contracts to "${contracted}".`,
        });
        continue;
      }
    }

    // Determiner + (adjective) + noun: gender and number of the determiner, agreement of the adjective.
    const det = DETERMINERS[t.lower];
    if (det && adjacent(t, next)) checkNounPhrase(i, det);

    // Subject pronoun + (clitics) + verb: the verb's person.
    if (t.lower in SUBJECTS && isClauseStart(i)) checkSubjectVerb(i);

    // Accents: an unknown word that is a known word with other accents.
    if (accentFixed(t) !== t.text) {
      {
        const suggestion = accentFixed(t);
        add({
          start: t.start,
          end: t.end,
          text: t.text,
          category: "accent",
          suggestion,
          explanation: `"${t.text}" is spelt "${suggestion}".`,
        });
      }
    }
  }
  return errors.sort((a, b) => a.start - b.start);

  /** The word with its accents put right, when it is unknown as written and known with other accents. */
  function accentFixed(t: Token): string {
    if (lex.isKnown(t.lower) || t.lower.endsWith("'") || FUNCTION_WORDS.has(t.lower) || t.lower in SUBJECTS)
      return t.text;
    if (DETERMINERS[t.lower]) return t.text;
    const variants = lex.accentVariants(t.lower);
    return variants.length === 1 ? matchCase(t.text, variants[0]!) : t.text;
  }

  function isClauseStart(i: number): boolean {
    const prev = tokens[i - 1];
    if (!prev) return true;
    if (!/^\s*$/.test(text.slice(prev.end, tokens[i]!.start))) return true;
    return (
      !(prev.lower in SUBJECTS) &&
      !CLITICS.has(prev.lower) &&
      !DETERMINERS[prev.lower] &&
      !PREPOSITIONS.has(prev.lower)
    );
  }

  /** Sentence-initial: the start of the text or after . ! ? : ; (nous and vous are objects elsewhere too). */
  function isSentenceStart(i: number): boolean {
    const prev = tokens[i - 1];
    return !prev || /[.!?:;]/.test(text.slice(prev.end, tokens[i]!.start));
  }

  function checkSubjectVerb(i: number) {
    const subject = tokens[i]!;
    const person = SUBJECTS[subject.lower]!;
    let j = i + 1;
    while (tokens[j] && CLITICS.has(tokens[j]!.lower) && tokens[j + 1]) j++;
    const verb = tokens[j];
    if (!verb) return;
    const readings = lex.verbs(verb.lower);
    let infinitive: string | null = null;
    let tense: FiniteTense = "P";
    if (readings.length > 0) {
      if (readings.some((r) => r.person === person)) {
        checkPredicate(subject, verb, tokens[j + 1]);
        return;
      }
      infinitive = readings[0]!.infinitive;
      tense = readings[0]!.tense;
    } else if (lex.isInfinitive(verb.lower) && ((person !== 3 && person !== 4) || isSentenceStart(i))) {
      infinitive = verb.lower;
    }
    if (!infinitive) return;
    const form = lex.conjugate(infinitive, tense, person);
    if (!form || form === verb.lower) return;
    // je + vowel elides: "je aime" is reported as elision, so suggest with j'.
    add({
      start: verb.start,
      end: verb.end,
      text: verb.text,
      category: "conjugation",
      suggestion: matchCase(verb.text, form),
      explanation: `With "${PERSON_NAMES[person]}", "${infinitive}" takes "${form}"${readings.length ? "" : " (it is conjugated, not left in the infinitive)"}.`,
    });
  }

  /** il/elle/ils/elles + être + adjective: elle est contente, ils sont contents. */
  function checkPredicate(subject: Token, verb: Token, adj: Token | undefined) {
    const gender = { il: "M", ils: "M", elle: "F", elles: "F" }[subject.lower] as Gender | undefined;
    if (!gender || !adj || !ETRE_FORMS.has(verb.lower) || !/^\s*$/.test(text.slice(verb.end, adj.start)))
      return;
    const number: GrammaticalNumber = subject.lower.endsWith("s") ? "P" : "S";
    checkAdjective(adj, subject.lower, gender, number, subject.lower, false, true);
  }

  function checkNounPhrase(i: number, det: Determiner) {
    const detToken = tokens[i]!;
    let j = i + 1;
    let preposed: { token: Token; lemma: string } | null = null;
    let noun = soleNoun(lex.nouns(tokens[j]!.lower));
    const adjReadings = lex.adjectives(tokens[j]!.lower);
    // An adjective before the noun (la petite maison) when the word is not itself a noun here.
    if (
      adjReadings.length > 0 &&
      tokens[j + 1] &&
      /^\s*$/.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start))
    ) {
      const afterNoun = soleNoun(lex.nouns(tokens[j + 1]!.lower));
      if (afterNoun && (!noun || lex.adjectives(tokens[j + 1]!.lower).length === 0)) {
        preposed = { token: tokens[j]!, lemma: adjReadings[0]!.lemma };
        noun = afterNoun;
        j++;
      }
    }
    if (!noun) {
      const bad = lex.misspeltPlural(tokens[j]!.lower);
      if (bad)
        add({
          start: tokens[j]!.start,
          end: tokens[j]!.end,
          text: tokens[j]!.text,
          category: "number",
          suggestion: matchCase(tokens[j]!.text, bad.plural),
          explanation: `The plural of "${bad.lemma}" is "${bad.plural}".`,
        });
      return;
    }
    const nounToken = tokens[j]!;
    const firstAfterDet = tokens[i + 1]!;
    const number: GrammaticalNumber = noun.number === "*" ? det.number : noun.number;

    if (det.gender !== "*" && det.gender !== noun.gender) {
      const expected = determinerFor(det.family, noun.gender, det.number, lex.elides(firstAfterDet.lower));
      const possessiveBeforeVowel =
        ["my", "your", "his"].includes(det.family) && lex.elides(firstAfterDet.lower);
      if (expected !== detToken.lower && !possessiveBeforeVowel) {
        add({
          start: detToken.start,
          end: detToken.end,
          text: detToken.text,
          category: "gender",
          suggestion: matchCase(detToken.text, expected),
          explanation: `"${noun.lemma}" is ${genderName(noun.gender)}: "${expected}${expected.endsWith("'") ? "" : " "}${noun.lemma}".`,
        });
        return;
      }
    }
    if (noun.number !== "*" && noun.number !== det.number) {
      const form = det.number === "P" ? lex.nounPlural(noun.lemma) : noun.lemma;
      add({
        start: nounToken.start,
        end: nounToken.end,
        text: nounToken.text,
        category: "number",
        suggestion: matchCase(nounToken.text, form),
        explanation: `"${detToken.lower}" is ${det.number === "P" ? "plural" : "singular"}, so the noun is too: "${form}".`,
      });
      return;
    }
    if (preposed) checkAdjective(preposed.token, noun.lemma, noun.gender, number, nounToken.lower, true);
    const after = tokens[j + 1];
    if (after && /^\s*$/.test(text.slice(nounToken.end, after.start)))
      checkAdjective(after, noun.lemma, noun.gender, number, nounToken.lower, false);
    // Predicate: la maison est blanc.
    const verb = tokens[j + 1];
    const adj = tokens[j + 2];
    if (verb && adj && ETRE_FORMS.has(verb.lower))
      checkAdjective(adj, noun.lemma, noun.gender, number, nounToken.lower, false, true);
  }

  function checkAdjective(
    token: Token,
    nounLemma: string,
    gender: Gender,
    number: GrammaticalNumber,
    noun: string,
    before: boolean,
    predicate = false,
  ) {
    const readings = lex.adjectives(token.lower);
    // Right after a noun, a word that is also a noun may be a noun complement: only sure after être.
    if (readings.length === 0 || (lex.nouns(token.lower).length > 0 && !before && !predicate)) return;
    const fits = readings.some(
      (r) => (r.gender === "*" || r.gender === gender) && (r.number === "*" || r.number === number),
    );
    if (fits) return;
    const expected = lex.agreeAdjective(readings[0]!.lemma, gender, number, noun, before);
    if (expected === token.lower) return;
    add({
      start: token.start,
      end: token.end,
      text: token.text,
      category: "agreement",
      suggestion: matchCase(token.text, expected),
      explanation: `"${token.lower}" agrees with "${nounLemma}" (${genderName(gender)} ${number === "P" ? "plural" : "singular"}): "${expected}".`,
    });
  }
}
