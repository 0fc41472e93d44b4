import { describe, expect, it } from "vitest";
import { confidence, observeKeystrokes, updateGramStat, type Keystroke } from "./key-stats";

function type(text: string, intervals: number[], mistakes: Record<number, string> = {}): Keystroke[] {
  const out: Keystroke[] = [];
  let t = 0;
  [...text].forEach((expected, i) => {
    t += intervals[i] ?? 200;
    if (mistakes[i]) {
      out.push({ key: mistakes[i]!, expected, t, correct: false });
      t += 150;
      out.push({ key: "Backspace", expected, t, correct: false });
      t += 150;
    }
    out.push({ key: expected, expected, t, correct: true });
  });
  return out;
}

describe("observeKeystrokes", () => {
  it("times each key from the previous keystroke and counts misses", () => {
    const obs = observeKeystrokes(type("abab", [0, 300, 100, 500], { 2: "x" }));
    const a = obs.find((o) => o.gram === "a")!;
    expect(a.hits).toBe(2);
    expect(a.misses).toBe(1);
    // The first "a" has no previous key; the second follows a backspace by 150 ms.
    expect(a.times).toEqual([150]);
    const b = obs.find((o) => o.gram === "b")!;
    expect(b.times).toEqual([300, 500]);
    expect(obs.find((o) => o.gram === "ab")!.times).toEqual([300, 500]);
  });

  it("ignores long pauses and spaces as keys", () => {
    const obs = observeKeystrokes(type("a b", [0, 100, 5000]));
    expect(obs.find((o) => o.gram === " ")).toBeUndefined();
    expect(obs.find((o) => o.gram === "b")!.times).toEqual([]);
  });
});

describe("updateGramStat", () => {
  it("smooths with alpha 0.1 and keeps the best smoothed time", () => {
    let s = updateGramStat(undefined, { gram: "a", hits: 1, misses: 0, times: [400] });
    expect(s.emaMs).toBe(400);
    s = updateGramStat(s, { gram: "a", hits: 2, misses: 1, times: [300, 300] });
    expect(s.emaMs).toBeCloseTo(400 + 0.1 * (300 - 400) + 0.1 * (300 - 390), 6);
    expect(s.bestMs).toBeCloseTo(s.emaMs!, 6);
    expect(s.hits).toBe(3);
    expect(s.misses).toBe(1);
    expect(s.emaErrorRate).toBeGreaterThan(0);
    expect(confidence({ emaMs: 343 })).toBeCloseTo(1, 1);
  });
});
