/**
 * Splits French text into words with their character spans. An elided word keeps its apostrophe as one
 * token ("l'", "j'", "qu'"), so "l'homme" is two tokens; hyphenated words stay whole ("peut-être").
 */
export interface Token {
  text: string;
  /** Lower-cased, with the typographic apostrophe normalised to '. */
  lower: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}]+(?:[-][\p{L}]+)*['’]?/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    let word = m[0];
    const start = m.index;
    // An apostrophe belongs to the word only when it elides (l', d', qu', jusqu'); "aujourd'hui" is whole.
    const apostrophe = /['’]$/.test(word);
    if (apostrophe && !ELIDING.has(word.slice(0, -1).toLowerCase())) word = word.slice(0, -1);
    tokens.push({
      text: word,
      lower: word.toLowerCase().replace(/’/g, "'"),
      start,
      end: start + word.length,
    });
  }
  return mergeAujourdhui(tokens, text);
}

const ELIDING = new Set([
  "l",
  "d",
  "j",
  "m",
  "t",
  "s",
  "n",
  "c",
  "qu",
  "jusqu",
  "lorsqu",
  "puisqu",
  "quoiqu",
]);

/** "aujourd'hui" tokenizes as "aujourd" + "hui": put it back together. */
function mergeAujourdhui(tokens: Token[], text: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.lower === "aujourd" && next?.lower === "hui" && /['’]/.test(text.slice(t.end, next.start))) {
      const whole = text.slice(t.start, next.end);
      out.push({ text: whole, lower: whole.toLowerCase().replace(/’/g, "'"), start: t.start, end: next.end });
      i++;
    } else out.push(t);
  }
  return out;
}

/** The word without accents (é → e, ç → c, œ kept as oe): the key for accent checks. */
export function stripAccents(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
}
