/**
 * A story cut into typing passages: whole sentences, gathered until a passage reaches about `target`
 * characters (the typing corpus's sentences run 100–250), never past `max`. A sentence longer than `max`
 * is cut at a word.
 */
export function storyPassages(text: string, target = 160, max = 400): string[] {
  const sentences = text
    .replace(/\s+/g, " ")
    .trim()
    .split(/(?<=[.!?]["”’)]?)\s+(?=\S)/u)
    .flatMap((s) => (s.length > max ? cutAtWords(s, max) : [s]));
  const passages: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (current && (current.length >= target || current.length + 1 + sentence.length > max)) {
      passages.push(current);
      current = "";
    }
    current = current ? `${current} ${sentence}` : sentence;
  }
  if (current) {
    // A short tail joins the passage before it when it fits.
    const last = passages.at(-1);
    if (last && current.length < target / 3 && last.length + 1 + current.length <= max)
      passages[passages.length - 1] = `${last} ${current}`;
    else passages.push(current);
  }
  return passages;
}

function cutAtWords(sentence: string, max: number): string[] {
  const parts: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const space = rest.lastIndexOf(" ", max);
    const at = space > max / 2 ? space : max;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}
