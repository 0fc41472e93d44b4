import { describe, expect, it } from "vitest";
import { type InteractionSet } from "./interactions";
import {
  averagePrecisionAtK,
  catalogCoverage,
  evaluateRecommender,
  meanMetrics,
  ndcgAtK,
  recallAtK,
  topK,
} from "./metrics";

const set = (nUsers: number, nItems: number, pairs: [number, number][]): InteractionSet => ({
  nUsers,
  nItems,
  users: Int32Array.from(pairs, (p) => p[0]),
  items: Int32Array.from(pairs, (p) => p[1]),
  ratings: new Float32Array(pairs.length).fill(1),
  timestamps: new Float64Array(pairs.length).fill(NaN),
});

describe("top-k metrics (hand-computed)", () => {
  // Ranked 5, 1, 7, 3; relevant {1, 3, 9}: hits at 0-based ranks 1 and 3.
  const ranked = [5, 1, 7, 3];
  const relevant = new Set([1, 3, 9]);
  const idcg3 = 1 + 1 / Math.log2(3) + 1 / Math.log2(4); // 2.1309

  it("Recall@k divides the hits by all relevant items", () => {
    expect(recallAtK(ranked, relevant, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, relevant, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, new Set(), 4)).toBe(0);
  });

  it("NDCG@k has binary gains and an ideal DCG over min(|relevant|, k) hits", () => {
    // DCG@3 = 1/log2(3) = 0.6309; IDCG = 2.1309 → 0.29608.
    expect(ndcgAtK(ranked, relevant, 3)).toBeCloseTo(1 / Math.log2(3) / idcg3, 12);
    expect(ndcgAtK(ranked, relevant, 3)).toBeCloseTo(0.29608, 5);
    // DCG@4 adds 1/log2(5) = 0.4307 → 1.0616 / 2.1309 = 0.49819.
    expect(ndcgAtK(ranked, relevant, 4)).toBeCloseTo(0.49819, 5);
    // More relevant items than k: a list of k hits is perfect.
    expect(ndcgAtK([1, 3], relevant, 2)).toBe(1);
    expect(ndcgAtK([3, 1, 9], relevant, 3)).toBe(1);
  });

  it("MAP@k averages precision at the hits over min(|relevant|, k)", () => {
    // k = 3: one hit at position 2, precision 1/2, over 3 → 1/6.
    expect(averagePrecisionAtK(ranked, relevant, 3)).toBeCloseTo(1 / 6, 12);
    // k = 4: hits at positions 2 and 4 (precision 1/2 and 2/4), over 3 → 1/3.
    expect(averagePrecisionAtK(ranked, relevant, 4)).toBeCloseTo(1 / 3, 12);
    expect(averagePrecisionAtK([1, 3], relevant, 2)).toBe(1);
    // One relevant item at position 3: precision 1/3 over min(1, 10) = 1.
    expect(averagePrecisionAtK([0, 2, 4], new Set([4]), 10)).toBeCloseTo(1 / 3, 12);
  });

  it("coverage counts distinct items in the first k of every list", () => {
    expect(
      catalogCoverage(
        [
          [0, 1, 5],
          [1, 2, 6],
        ],
        10,
        2,
      ),
    ).toBeCloseTo(0.3, 12);
    expect(catalogCoverage([], 10, 2)).toBe(0);
  });

  it("means skip users without relevant items", () => {
    const m = meanMetrics(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [new Set([1]), new Set(), new Set([9])],
      10,
      2,
    );
    expect(m.users).toBe(2);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.ndcg).toBeCloseTo(0.5, 12);
    expect(m.map).toBeCloseTo(0.5, 12);
    expect(m.coverage).toBeCloseTo(0.6, 12);
  });
});

describe("topK", () => {
  it("keeps the best k, ties to the lower index, skipping excluded and -Infinity items", () => {
    const scores = Float32Array.from([0.5, 0.9, 0.9, -Infinity, 0.1, 0.7]);
    expect(Array.from(topK(scores, 3))).toEqual([1, 2, 5]);
    expect(Array.from(topK(scores, 3, Int32Array.from([1, 5])))).toEqual([2, 0, 4]);
    expect(Array.from(topK(scores, 10))).toEqual([1, 2, 5, 0, 4]);
  });
});

describe("evaluateRecommender", () => {
  it("masks each user's training items before taking the top k", () => {
    // Two users, five items. The model scores item i as 5 - i (item 0 best).
    const train = set(2, 5, [
      [0, 0],
      [1, 1],
    ]);
    const test = set(2, 5, [
      [0, 1],
      [1, 0],
      [1, 4],
    ]);
    const m = evaluateRecommender(
      { score: (_u, out) => out.forEach((_, i) => (out[i] = 5 - i)) },
      train,
      test,
      2,
    );
    // User 0: list [1, 2] (0 masked) → hit at rank 0: recall 1, NDCG 1, AP 1.
    // User 1: list [0, 2] (1 masked) → hit at rank 0 of relevant {0, 4}: recall 1/2, NDCG 1/(1 + 1/log2 3), AP 1/2.
    expect(m.users).toBe(2);
    expect(m.recall).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(m.ndcg).toBeCloseTo((1 + 1 / (1 + 1 / Math.log2(3))) / 2, 12);
    expect(m.map).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(m.coverage).toBeCloseTo(3 / 5, 12);
  });
});
