import { describe, expect, it } from "vitest";
import { checkAnswer, suggestedRating } from "./answer-check";

describe("checkAnswer", () => {
  it("accepts any listed alternative, ignoring case, articles, 'to' and punctuation", () => {
    expect(checkAnswer("Town", "city, town")).toEqual({ result: "correct", expected: "town" });
    expect(checkAnswer("to come back", "come back, return")).toMatchObject({ result: "correct" });
    expect(checkAnswer("  la   maison. ", "maison")).toMatchObject({ result: "correct" });
    expect(checkAnswer("l’école", "école")).toMatchObject({ result: "correct" });
  });

  it("accepts a missing or wrong accent but names it", () => {
    const verdict = checkAnswer("ecole", "école");
    expect(verdict).toEqual({ result: "accent", expected: "école", note: "Mind the accent: é (école)" });
    expect(checkAnswer("etre", "être")).toMatchObject({
      result: "accent",
      note: "Mind the accent: ê (être)",
    });
    expect(checkAnswer("déja", "déjà")).toMatchObject({
      result: "accent",
      note: "Mind the accent: à (déjà)",
    });
    expect(checkAnswer("coeur", "cœur")).toMatchObject({ result: "accent" });
  });

  it("rejects a different word and an empty answer, showing the first gloss", () => {
    expect(checkAnswer("village", "city, town")).toEqual({ result: "wrong", expected: "city" });
    expect(checkAnswer("   ", "house")).toEqual({ result: "wrong", expected: "house" });
  });

  it("suggests a rating from the verdict", () => {
    expect(suggestedRating(checkAnswer("house", "house"))).toBe(2);
    expect(suggestedRating(checkAnswer("ecole", "école"))).toBe(1);
    expect(suggestedRating(checkAnswer("garden", "house"))).toBe(0);
  });
});
