/**
 * Typed-answer checking for flashcards, tolerant the way a teacher is: case, spacing, a leading article or
 * "to " do not matter; a missing or wrong accent is accepted but pointed out; a gloss with alternatives
 * ("city, town; borough") accepts any of them.
 */
export type AnswerVerdict =
  | { result: "correct"; expected: string }
  | { result: "accent"; expected: string; note: string }
  | { result: "wrong"; expected: string };

const ARTICLES = /^(le |la |les |l'|un |une |des |the |a |an |to )/;

function normalise(s: string): string {
  return s
    .normalize("NFC")
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\(.*?\)/g, " ")
    .replace(/[.!?]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(ARTICLES, "")
    .trim();
}

function stripAccents(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
}

/** The accented letters of `expected` that the answer typed without (or with another) accent. */
function accentNote(answer: string, expected: string): string {
  const a = [...answer];
  const marks = new Set<string>();
  [...expected].forEach((c, i) => {
    if (c !== a[i] && stripAccents(c) === stripAccents(a[i] ?? "")) marks.add(c);
  });
  const list = [...marks].join(", ");
  return list ? `Mind the accent: ${list} (${expected})` : `Mind the accents: ${expected}`;
}

export function checkAnswer(answer: string, accepted: string): AnswerVerdict {
  const alternatives = accepted.split(/[,;]/).map(normalise).filter(Boolean);
  const given = normalise(answer);
  const expected = accepted.split(/[,;]/)[0]!.trim();
  if (!given) return { result: "wrong", expected };
  const exact = alternatives.find((alt) => alt === given);
  if (exact) return { result: "correct", expected: exact };
  const loose = alternatives.find((alt) => stripAccents(alt) === stripAccents(given));
  if (loose) return { result: "accent", expected: loose, note: accentNote(given, loose) };
  return { result: "wrong", expected };
}

/** The rating a verdict suggests (the learner can still choose another): 0 again, 1 hard, 2 good. */
export function suggestedRating(verdict: AnswerVerdict): 0 | 1 | 2 {
  return verdict.result === "correct" ? 2 : verdict.result === "accent" ? 1 : 0;
}
