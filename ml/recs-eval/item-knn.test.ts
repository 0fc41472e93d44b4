import { describe, expect, it } from "vitest";
import { type InteractionSet } from "./interactions";
import { itemKnnScores, trainItemKnn } from "./item-knn";
import { trainPopularity } from "./popularity";
import { tagFeatures } from "./side-features";

// Users: 0 has items {0, 1}, 1 has {0, 1, 2}, 2 has {1, 2}. Item counts 2, 3, 2; co-counts
// (0,1) = 2, (0,2) = 1, (1,2) = 2.
const pairs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [1, 2],
  [2, 1],
  [2, 2],
];
const train: InteractionSet = {
  nUsers: 3,
  nItems: 3,
  users: Int32Array.from(pairs, (p) => p[0]!),
  items: Int32Array.from(pairs, (p) => p[1]!),
  ratings: new Float32Array(pairs.length).fill(1),
  timestamps: new Float64Array(pairs.length).fill(NaN),
};

describe("ItemKNN (hand-computed)", () => {
  it("sums the cosine similarities of the user's items to each target", () => {
    const model = trainItemKnn(train, { neighbours: 10, shrink: 0 });
    const out = new Float32Array(3);
    model.score(0, out);
    // score(u0, 2) = sim(0,2) + sim(1,2) = 1/√(2·2) + 2/√(3·2) = 0.5 + 0.8165.
    expect(out[2]).toBeCloseTo(0.5 + 2 / Math.sqrt(6), 6);
    // score(u0, 0) = sim(1,0) = 2/√6 (an item is not its own neighbour).
    expect(out[0]).toBeCloseTo(2 / Math.sqrt(6), 6);
  });

  it("shrinks similarities resting on few co-occurrences and keeps only the top neighbours", () => {
    const shrunk = trainItemKnn(train, { neighbours: 10, shrink: 1 });
    const out = new Float32Array(3);
    itemKnnScores(shrunk, [0, 1], out);
    expect(out[2]).toBeCloseTo(1 / (2 + 1) + 2 / (Math.sqrt(6) + 1), 6);
    // One neighbour per target: item 2 keeps item 1 (0.8165) and drops item 0 (0.5).
    const one = trainItemKnn(train, { neighbours: 1, shrink: 0 });
    itemKnnScores(one, [0, 1], out);
    expect(out[2]).toBeCloseTo(2 / Math.sqrt(6), 6);
    // Asymmetric cosine: |U_i|^α |U_j|^(1-α) with i the history item; α = 1 divides by the history item's count.
    const asym = trainItemKnn(train, { neighbours: 10, shrink: 0, alpha: 1 });
    itemKnnScores(asym, [1], out);
    expect(out[2]).toBeCloseTo(2 / 3, 6);
  });

  it("popularity scores every item by its training count", () => {
    const out = new Float32Array(3);
    trainPopularity(train).score(0, out);
    expect(Array.from(out)).toEqual([2, 3, 2]);
  });
});

describe("tagFeatures", () => {
  it("maps each distinct tag to one feature, in the entities' dense order", () => {
    const tags: Record<string, string[]> = { a: ["x", "y", "x"], b: ["y"], c: [] };
    const { features, names } = tagFeatures(["b", "a", "c", "d"], (id) => tags[id]);
    expect(names).toEqual(["y", "x"]);
    expect(features.nFeatures).toBe(2);
    expect(Array.from(features.offsets)).toEqual([0, 1, 3, 3, 3]);
    expect(Array.from(features.indices)).toEqual([0, 0, 1]);
  });
});
