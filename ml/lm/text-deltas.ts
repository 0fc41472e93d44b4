/**
 * Turns a growing list of token ids into text deltas. The whole sequence is decoded each time because a
 * token's text depends on its neighbours (SentencePiece's leading "▁" becomes a space only after a word,
 * and byte-fallback pieces only make a character together); a delta that ends in a half-made character
 * (U+FFFD) waits for the next token.
 */
export class TextDeltas {
  readonly promptText: string;
  private readonly ids: number[];
  private emitted: string;

  constructor(
    private readonly decode: (ids: number[]) => string,
    promptIds: readonly number[],
  ) {
    this.ids = [...promptIds];
    this.promptText = decode(this.ids);
    this.emitted = this.promptText;
  }

  /** The new text since the last call, or "" while a character is incomplete. */
  push(id: number): string {
    this.ids.push(id);
    const full = this.decode(this.ids);
    if (full.endsWith("\uFFFD") || !full.startsWith(this.emitted)) return "";
    const delta = full.slice(this.emitted.length);
    this.emitted = full;
    return delta;
  }

  /** Whatever is still held back (a character the model never finished is dropped). */
  flush(): string {
    const full = this.decode(this.ids).replace(/\uFFFD+$/, "");
    if (!full.startsWith(this.emitted)) return "";
    const delta = full.slice(this.emitted.length);
    this.emitted = full;
    return delta;
  }

  /** The generated text (everything after the prompt). */
  get text(): string {
    return this.emitted.slice(this.promptText.length);
  }
}
