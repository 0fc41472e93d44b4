import { describe, expect, it } from "vitest";
import { buildWordSnippets, cleanWordList } from "./word-snippets";

const words = cleanWordList(
  [
    "the",
    "I",
    "s",
    "Don't",
    "and",
    "quiz",
    "zebra",
    "jazz",
    "maze",
    "lazy",
    "zone",
    "size",
    "prize",
    "zero",
    "doze",
    "gaze",
    "haze",
    "fizz",
    "buzz",
    "zip",
  ].map((word) => ({ word })),
  100,
);

describe("word snippets", () => {
  it("cleans the list: lower-case letters only, no one-letter fragments but a and i", () => {
    expect(words.slice(0, 3)).toEqual(["the", "i", "and"]);
    expect(words).not.toContain("s");
    expect(words).not.toContain("don't");
  });

  it("is deterministic for a seed and builds focused snippets whose every word has the letter", () => {
    const a = buildWordSnippets(words, { general: 5, focusedPerLetter: 3, wordsPerSnippet: 6, seed: 7 });
    const b = buildWordSnippets(words, { general: 5, focusedPerLetter: 3, wordsPerSnippet: 6, seed: 7 });
    expect(a).toEqual(b);
    const z = a.filter((s) => s.focus === "z");
    expect(z).toHaveLength(3);
    for (const s of z) for (const w of s.text.split(" ")) expect(w).toContain("z");
    expect(a.filter((s) => !s.focus)).toHaveLength(5);
  });
});
