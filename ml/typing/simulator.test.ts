import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { observeKeystrokes } from "./key-stats";
import { createTypist, meanLatency, trueWeakestKeys, typeText } from "./simulator";

describe("simulated typist", () => {
  it("types with realistic speed, makes corrected mistakes, and is slow on its weak keys", () => {
    const random = createRandom(3);
    const typist = createTypist(random, { skill: 1 });
    const weak = trueWeakestKeys(typist, 3);
    const text = "the quick brown fox jumps over the lazy dog ".repeat(3);
    const typed = typeText(typist, text, random);
    expect(typed.wpm).toBeGreaterThan(15);
    expect(typed.wpm).toBeLessThan(120);
    expect(typed.accuracy).toBeGreaterThan(0.8);
    expect(typed.keystrokes.filter((k) => k.correct)).toHaveLength(text.length);
    const obs = observeKeystrokes(typed.keystrokes);
    const mean = (keys: string[]) => {
      const times = obs.filter((o) => keys.includes(o.gram)).flatMap((o) => o.times);
      return times.reduce((a, b) => a + b, 0) / times.length;
    };
    expect(mean(weak.filter((k) => text.includes(k)))).toBeGreaterThan(
      mean(["e", "o", "t"].filter((k) => !weak.includes(k))),
    );
  });

  it("gets faster with practice of a key, and not of keys it does not practise", () => {
    const random = createRandom(4);
    const typist = createTypist(random);
    const before = { z: meanLatency(typist, ["z"]), q: meanLatency(typist, ["q"]) };
    for (let i = 0; i < 30; i++) typeText(typist, "zzz zaz zez ziz zoz", random);
    expect(meanLatency(typist, ["z"])).toBeLessThan(before.z * 0.8);
    expect(meanLatency(typist, ["q"])).toBe(before.q);
  });
});
