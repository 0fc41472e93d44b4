import { describe, expect, it } from "vitest";
import { pickStoryWords, plainSense, wordInstructions, wordStoryOpening, wordsUsed } from "./word-story";

const words = [
  { french: "marché", english: "bazaar, fair, market; sales activity", partOfSpeech: "noun" },
  { french: "an", english: "year", partOfSpeech: "noun" },
  { french: "pouvoir", english: "be able to", partOfSpeech: "verb" },
];

describe("word stories", () => {
  it("takes the plainest sense of a gloss", () => {
    expect(plainSense("bazaar, fair, market; sales activity")).toBe("fair");
    expect(plainSense("be able to")).toBe("be able to");
    expect(plainSense("to eat")).toBe("eat");
  });

  it("opens an English story with the learner's nouns, and a French one plainly", () => {
    expect(wordStoryOpening(words, "en")).toBe(
      "Once upon a time, a little girl named Lily found a fair and a year.",
    );
    expect(wordStoryOpening([words[2]!], "en")).toBe(
      "Once upon a time, Lily learned a new word: be able to.",
    );
    expect(wordStoryOpening(words, "fr")).toBe("Il était une fois");
  });

  it("tells a hosted writer which words to use, in the story's language", () => {
    expect(wordInstructions(words, "fr")).toContain("marché, an, pouvoir");
    expect(wordInstructions(words, "en")).toContain("fair, year, be able to");
  });

  it("marks the words the story used, on word boundaries", () => {
    expect(wordsUsed("They went to the market. A year later…", words, "en").map((w) => w.used)).toEqual([
      true,
      true,
      false,
    ]);
    // "an" inside "maman" is not the word "an".
    expect(wordsUsed("Maman va au marché.", words, "fr").map((w) => w.used)).toEqual([true, false, false]);
  });

  it("carries due words first, then content words before function words", () => {
    const pool = [
      { french: "le", english: "the", partOfSpeech: "determiner", due: false },
      { french: "chat", english: "cat", partOfSpeech: "noun", due: false },
      { french: "de", english: "of", partOfSpeech: "preposition", due: true },
      { french: "manger", english: "to eat", partOfSpeech: "verb", due: false },
    ];
    expect(pickStoryWords(pool, 3).map((w) => w.french)).toEqual(["de", "chat", "manger"]);
  });
});
