import { describe, expect, it } from "vitest";
import type { LanguageError } from "../../../../ml/french/checker";
import {
  offlineOpening,
  offlineTurn,
  type Drill,
  type OfflineTurnInput,
  type TutorWord,
} from "./offline-tutor";

const words: TutorWord[] = [
  { id: 1, french: "de", english: "from, of", partOfSpeech: "preposition", gender: null },
  { id: 2, french: "maison", english: "house, home", partOfSpeech: "noun", gender: "f" },
  { id: 3, french: "être", english: "to be", partOfSpeech: "verb", gender: null },
];
const base: OfflineTurnInput = {
  learnerText: "",
  lastDrill: null,
  words,
  recentWordIds: new Set(),
  usage: new Map(),
  errors: [],
  turn: 1,
  beginner: true,
};
const drill = (kind: Drill["kind"], w: TutorWord): Drill => ({
  kind,
  wordId: w.id,
  french: w.french,
  english: w.english,
  partOfSpeech: w.partOfSpeech,
  gender: w.gender,
});

describe("the offline tutor", () => {
  it("opens with a greeting (or the scene's line) and a translation drill on the most urgent word", () => {
    const opening = offlineOpening(words, true, "Bonjour ! Qu'est-ce que je vous sers ?");
    expect(opening.reply).toBe(
      "Bonjour ! Qu'est-ce que je vous sers ?\nComment dit-on « from » en français ?",
    );
    expect(opening.drill).toMatchObject({ kind: "translate", wordId: 1 });
  });

  it("judges a drill answer: right, right but for an accent, wrong", () => {
    const d = drill("translate", words[2]!);
    expect(offlineTurn({ ...base, lastDrill: d, learnerText: "être" }).drillResult?.verdict).toBe("correct");
    const accent = offlineTurn({ ...base, lastDrill: d, learnerText: "etre" });
    expect(accent.drillResult?.verdict).toBe("accent");
    expect(accent.reply).toMatch(/^Presque ! Attention à l'accent : « être »/);
    const wrong = offlineTurn({ ...base, lastDrill: d, learnerText: "avoir" });
    expect(wrong.drillResult).toEqual({ wordId: 3, verdict: "wrong", expected: "être" });
    expect(wrong.reply).toMatch(/^Pas tout à fait : on dit « être » \(to be\)/);
  });

  it("gives cloze and sentence drills on content words only, with the noun's article", () => {
    const cloze = offlineTurn({ ...base, turn: 1, recentWordIds: new Set([1]) });
    expect(cloze.drill).toMatchObject({ kind: "cloze", wordId: 2 });
    expect(cloze.reply).toMatch(/Complète : Voici une ___ \. \(house\)$/);
    const use = offlineTurn({ ...base, turn: 2 });
    expect(use.drill).toMatchObject({ kind: "use", wordId: 2 });
    expect(use.reply).toMatch(/Écris une phrase avec le mot « maison » \(house\)\.$/);
    const onlyFunctionWords = offlineTurn({ ...base, turn: 2, words: [words[0]!] });
    expect(onlyFunctionWords.drill).toMatchObject({ kind: "translate", wordId: 1 });
  });

  it("checks a sentence drill by whether the word was used, and used without a mistake", () => {
    const d = drill("use", words[1]!);
    const used = offlineTurn({ ...base, lastDrill: d, usage: new Map([[2, "correct"]]) });
    expect(used.drillResult?.verdict).toBe("correct");
    const misused = offlineTurn({ ...base, lastDrill: d, usage: new Map([[2, "incorrect"]]) });
    expect(misused.drillResult?.verdict).toBe("wrong");
    expect(offlineTurn({ ...base, lastDrill: d }).reply).toMatch(/Je ne vois pas « maison »/);
  });

  it("recasts at most two corrections, and asks an open question when there is no word to drill", () => {
    const err = (text: string): LanguageError => ({
      start: 0,
      end: text.length,
      text,
      category: "elision",
      suggestion: "x",
      explanation: "because.",
    });
    const turn = offlineTurn({
      ...base,
      words: [],
      learnerText: "…",
      errors: [err("a"), err("b"), err("c")],
    });
    expect(turn.reply.match(/Petite correction/g)).toHaveLength(2);
    expect(turn.drill).toBeNull();
    expect(turn.reply).toMatch(/\?$/);
  });
});
