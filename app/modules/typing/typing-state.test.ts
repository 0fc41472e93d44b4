import { describe, expect, it } from "vitest";
import { initialTypingState, pressKey, slowestKeys, typingStats, type TypingState } from "./typing-state";

function typeAll(state: TypingState, keys: string[], every = 200, start = 1_000): TypingState {
  return keys.reduce((s, k, i) => pressKey(s, k, start + i * every), state);
}

describe("typing state", () => {
  it("records keystrokes with offsets from the first press and finishes at the last character", () => {
    const s = typeAll(initialTypingState("abc"), ["a", "b", "c"]);
    expect(s.keystrokes.map((k) => k.t)).toEqual([0, 200, 400]);
    expect(s.finishedAt).toBe(1_400);
    expect(pressKey(s, "d", 9_999)).toBe(s);
  });

  it("scores like Monkeytype: a corrected mistake still costs accuracy", () => {
    const s = typeAll(initialTypingState("hello world"), [..."hx", "Backspace", ..."ello world"], 100);
    const stats = typingStats(s, 0);
    expect(stats.correctChars).toBe(11);
    expect(stats.errors).toBe(1);
    expect(stats.accuracy).toBeCloseTo(11 / 12, 6);
    // 11 correct characters in 1.2 s -> (11 / 5) / (1.2 / 60) = 110 WPM.
    expect(stats.wpm).toBeCloseTo(110, 6);
    expect(s.keystrokes[2]).toMatchObject({ key: "Backspace", expected: "e", correct: false });
  });

  it("ignores modifier and navigation keys and backspace at the start", () => {
    let s = initialTypingState("ab");
    s = pressKey(s, "Shift", 0);
    s = pressKey(s, "Backspace", 0);
    s = pressKey(s, "ArrowLeft", 0);
    expect(s.keystrokes).toHaveLength(0);
  });

  it("names the slowest keys of the snippet", () => {
    let s = initialTypingState("azaz");
    s = pressKey(s, "a", 0);
    s = pressKey(s, "z", 800);
    s = pressKey(s, "a", 900);
    s = pressKey(s, "z", 1_700);
    expect(slowestKeys(s, 1)).toEqual([{ key: "z", ms: 800 }]);
  });
});
