import { describe, expect, it } from "vitest";
import { storyPassages } from "./passages.ts";
import { titleFromPrompt, wordCount } from "./story-title.ts";

describe("story text helpers", () => {
  it("titles a story by its opening's first sentence, cut at a word", () => {
    expect(titleFromPrompt("The old tree could talk. It was old.")).toBe("The old tree could talk");
    expect(titleFromPrompt("Once upon a time")).toBe("Once upon a time");
    const long = titleFromPrompt(
      "Once upon a time there was a very small mouse who lived under the floor of a big red barn",
    );
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long.endsWith("…")).toBe(true);
    expect(long).toMatch(/^Once upon a time there was a very small mouse who lived\b/);
  });

  it("counts words as a reader does", () => {
    expect(wordCount(' "Hi!" said Tom.  — Then he ran. ')).toBe(6);
  });

  it("cuts a story into whole-sentence passages that keep every word in order", () => {
    const story =
      'Lily had a red kite. She ran to the park with it. "Fly, kite!" she said. The wind was asleep. ' +
      "She waited and waited. Then a big gust came and the kite went up, up, up into the sky. Lily laughed.\n\nThe end.";
    const passages = storyPassages(story, 60, 120);
    expect(passages.join(" ")).toBe(story.replace(/\s+/g, " "));
    for (const p of passages) {
      expect(p.length).toBeLessThanOrEqual(120);
      expect(p).toMatch(/[.!?"]$/);
    }
    expect(passages.length).toBeGreaterThan(2);
    // A short tail joins the passage before it.
    expect(passages.at(-1)!.endsWith("Lily laughed. The end.")).toBe(true);
  });

  it("cuts a sentence longer than the maximum at words", () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    const passages = storyPassages(`${words}.`, 100, 150);
    expect(passages.every((p) => p.length <= 150)).toBe(true);
    expect(passages.join(" ")).toBe(`${words}.`);
  });
});
