/** A title from the opening when the user gave none: its first sentence, cut at a word near 60 characters. */
export function titleFromPrompt(prompt: string): string {
  const first = prompt
    .trim()
    .split(/(?<=[.!?])\s/)[0]!
    .replace(/[.,;:!?\s]+$/, "");
  if (first.length <= 60) return first;
  const cut = first.slice(0, 60);
  const space = cut.lastIndexOf(" ");
  return `${space > 30 ? cut.slice(0, space) : cut}…`;
}

/** Words in a text, as a reader counts them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
