import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import {
  buildKeyProfile,
  buildSnippetIndex,
  rankByDifficulty,
  rankByWeakKeys,
  type IndexedSnippet,
} from "./snippet-policy";

const snippets: IndexedSnippet[] = [
  { id: "plain", mode: "words", text: "the and then the hand", difficulty: 4 },
  { id: "zz", mode: "words", text: "zebra jazz zone lazy zero", difficulty: 6 },
  { id: "qq", mode: "words", text: "quiz quit quote queen", difficulty: 6 },
  { id: "sentence", mode: "sentences", text: "Zany zebras zigzag.", difficulty: 5 },
  ...Array.from({ length: 30 }, (_, i) => ({
    id: `filler${i}`,
    mode: "words" as const,
    text: "a an and as at",
    difficulty: 3 + (i % 5),
  })),
];
const index = buildSnippetIndex(snippets);
const hits = (gram: string, emaMs: number, emaErrorRate = 0) => ({
  gram,
  hits: 20,
  misses: 0,
  emaMs,
  emaErrorRate,
});

describe("key profile", () => {
  it("focuses the slowest and most error-prone keys", () => {
    const profile = buildKeyProfile([hits("a", 200), hits("z", 1000), hits("q", 300, 0.2), hits("e", 250)]);
    expect(profile.focus.map((f) => f.key)).toEqual(["z", "q"]);
    expect(profile.focus[0]!.confidence).toBeLessThan(1);
  });
});

describe("ranking", () => {
  const options = {
    mode: "words" as const,
    count: 1,
    targetDifficulty: 5,
    recent: new Set<string>(),
    random: createRandom(1),
    exploration: 0,
  };

  it("puts snippets dense in the weak key first, with a reason naming it", () => {
    const profile = buildKeyProfile([hits("a", 200), hits("z", 900)]);
    const [top] = rankByWeakKeys(index, profile, options);
    expect(top!.snippet.id).toBe("zz");
    expect(top!.reason).toBe("Drills your slow keys: z");
    const q = rankByWeakKeys(index, buildKeyProfile([hits("q", 300, 0.4)]), options)[0]!;
    expect(q.snippet.id).toBe("qq");
    expect(q.reason).toContain("keys you miss: q");
  });

  it("respects the mode and never repeats recent snippets", () => {
    const profile = buildKeyProfile([hits("z", 900)]);
    const top = rankByWeakKeys(index, profile, { ...options, recent: new Set(["zz"]) })[0]!;
    expect(top.snippet.id).not.toBe("zz");
    expect(rankByWeakKeys(index, profile, { ...options, mode: "sentences" })[0]!.snippet.id).toBe("sentence");
  });

  it("returns distinct snippets and the difficulty baseline matches the target", () => {
    const profile = buildKeyProfile([]);
    const many = rankByWeakKeys(index, profile, { ...options, count: 10, exploration: 0.3 });
    expect(new Set(many.map((r) => r.snippet.id)).size).toBe(10);
    const byDifficulty = rankByDifficulty(index, profile, { ...options, count: 3, targetDifficulty: 7 });
    expect(byDifficulty.every((r) => r.snippet.difficulty === 7)).toBe(true);
  });
});
