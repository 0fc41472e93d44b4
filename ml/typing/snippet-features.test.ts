import { describe, expect, it } from "vitest";
import { keyInfo } from "./keyboard-layout";
import { analyseSnippet, buildBigramModel, keysOf } from "./snippet-features";

const model = buildBigramModel([
  { word: "the", count: 1000 },
  { word: "and", count: 800 },
  { word: "then", count: 300 },
  { word: "hand", count: 100 },
]);

describe("keyboard layout", () => {
  it("places keys on fingers and rows", () => {
    expect(keyInfo("f")).toMatchObject({ row: 2, finger: "L2", shift: false });
    expect(keyInfo("J")).toMatchObject({ key: "j", finger: "R2", shift: true });
    expect(keyInfo("!")).toMatchObject({ key: "1", row: 0, shift: true });
    expect(keyInfo("é")).toBeUndefined();
  });
});

describe("analyseSnippet", () => {
  it("scores common home-row prose easier than rare pairs, digits and symbols", () => {
    const easy = analyseSnippet("the hand and then the hand", model);
    const hard = analyseSnippet("Qx7 {zq} #9; Pz@ vQ! 42%", model);
    expect(easy.difficulty).toBeLessThan(hard.difficulty);
    expect(easy.difficulty).toBeGreaterThanOrEqual(1);
    expect(hard.difficulty).toBeLessThanOrEqual(10);
    expect(hard.digitRate).toBeGreaterThan(0);
    expect(hard.shiftRate).toBeGreaterThan(easy.shiftRate);
    expect(hard.bigramRarity).toBeGreaterThan(easy.bigramRarity);
  });

  it("counts same-finger pairs and unknown characters", () => {
    expect(analyseSnippet("ded", model).sameFingerRate).toBe(1); // d-e and e-d: both left middle finger
    expect(analyseSnippet("café", model).unknownRate).toBe(0.25);
  });

  it("lists the keys a snippet drills", () => {
    expect(keysOf("Zoo zip!")).toEqual(["!", "i", "o", "p", "z"]);
  });
});
