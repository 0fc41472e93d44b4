import { describe, expect, it } from "vitest";
import { mmr } from "./mmr.ts";

const items = [
  { id: "a1", topic: "a", score: 1 },
  { id: "a2", topic: "a", score: 0.95 },
  { id: "a3", topic: "a", score: 0.9 },
  { id: "b1", topic: "b", score: 0.8 },
  { id: "c1", topic: "c", score: 0.5 },
];
const same = (x: { topic: string }, y: { topic: string }) => (x.topic === y.topic ? 1 : 0);

describe("mmr", () => {
  it("is plain ranking by relevance when λ = 1", () => {
    expect(mmr(items, 3, (i) => i.score, same, 1).map((i) => i.id)).toEqual(["a1", "a2", "a3"]);
  });

  it("trades relevance for variety as λ falls", () => {
    expect(mmr(items, 3, (i) => i.score, same, 0.7).map((i) => i.id)).toEqual(["a1", "b1", "a2"]);
    expect(mmr(items, 3, (i) => i.score, same, 0.5).map((i) => i.id)).toEqual(["a1", "b1", "c1"]);
    expect(mmr(items, 10, (i) => i.score, same).length).toBe(5);
    expect(
      mmr(
        [],
        3,
        () => 1,
        () => 0,
      ),
    ).toEqual([]);
  });
});
