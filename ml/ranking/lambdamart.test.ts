import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { predictAll, trainLambdaMart, type RankingDataset } from "./lambdamart";
import { meanNdcg, ndcgAtK } from "./metrics";

/** Queries of 10 candidates; relevance depends non-linearly on two of four features. */
function dataset(seed: number, queries: number): RankingDataset {
  const random = createRandom(seed);
  const nFeatures = 4;
  const rows = queries * 10;
  const features = new Float32Array(rows * nFeatures);
  const labels = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < nFeatures; f++) features[r * nFeatures + f] = random.next();
    const x0 = features[r * nFeatures]!,
      x1 = features[r * nFeatures + 1]!;
    const utility = 2 * x0 + (x1 > 0.5 && x1 < 0.8 ? 1.5 : 0) + 0.3 * random.normal();
    labels[r] = Math.max(0, Math.min(4, Math.floor(utility * 1.3)));
  }
  return { features, nFeatures, labels, groups: Array(queries).fill(10) };
}

describe("NDCG", () => {
  it("is 1 for the ideal order and lower otherwise", () => {
    expect(ndcgAtK([3, 2, 0], [3, 2, 1], 3)).toBe(1);
    expect(ndcgAtK([3, 2, 0], [1, 2, 3], 3)).toBeLessThan(1);
    expect(ndcgAtK([0, 0], [1, 2], 2)).toBe(1);
  });
});

describe("LambdaMART", () => {
  it("learns a non-linear ranking and beats a random order on held-out queries", () => {
    const train = dataset(1, 300);
    const test = dataset(2, 100);
    const model = trainLambdaMart(train, ["x0", "x1", "noise2", "noise3"], { trees: 40, ndcgK: 5 });
    const learned = meanNdcg(test.labels, predictAll(model, test.features), test.groups, 5);
    const random = createRandom(9);
    const shuffled = Float32Array.from(test.labels, () => random.next());
    const baseline = meanNdcg(test.labels, shuffled, test.groups, 5);
    const linear = meanNdcg(
      test.labels,
      Float32Array.from({ length: test.labels.length }, (_, r) => test.features[r * 4]!),
      test.groups,
      5,
    );
    expect(learned).toBeGreaterThan(baseline + 0.15);
    // It also finds the x1 window a single-feature ranking cannot see.
    expect(learned).toBeGreaterThan(linear);
    expect(model.trees.some((t) => t.feature.includes(1))).toBe(true);
  });

  it("round-trips through JSON", () => {
    const ds = dataset(3, 50);
    const model = trainLambdaMart(ds, ["a", "b", "c", "d"], { trees: 5 });
    const copy = JSON.parse(JSON.stringify(model));
    expect(Array.from(predictAll(copy, ds.features))).toEqual(Array.from(predictAll(model, ds.features)));
  });

  it("boosts from per-row base scores: no trees keep the base's order, trees add what it lacks", () => {
    // The base knows the x0 part of the utility; the trees see everything but x0, so whatever they add
    // beyond the base (the x1 window) shows they learnt corrections on top of it.
    const withoutX0 = (ds: RankingDataset) => {
      const features = Float32Array.from(ds.features);
      for (let r = 0; r < ds.labels.length; r++) features[r * 4] = 0;
      const base = Float32Array.from(ds.labels, (_, r) => 2 * ds.features[r * 4]!);
      return { ...ds, features, baseScores: base };
    };
    const train = withoutX0(dataset(4, 300));
    const test = withoutX0(dataset(5, 100));
    const names = ["x0 (hidden)", "x1", "noise2", "noise3"];
    const ndcg = (ds: RankingDataset, scores: Float32Array) => meanNdcg(ds.labels, scores, ds.groups, 5);

    const none = trainLambdaMart(train, names, { trees: 0 });
    expect(none.trees).toHaveLength(0);
    expect(Array.from(predictAll(none, train.features, train.baseScores))).toEqual(
      Array.from(train.baseScores),
    );

    const boosted = trainLambdaMart(train, names, { trees: 30, ndcgK: 5 });
    const base = ndcg(train, train.baseScores);
    const withTrees = ndcg(train, predictAll(boosted, train.features, train.baseScores));
    expect(withTrees).toBeGreaterThan(base + 0.05);
    expect(boosted.trees.some((t) => t.feature.includes(1))).toBe(true);
    expect(ndcg(train, predictAll(boosted, train.features))).toBeLessThan(withTrees - 0.1);
    expect(ndcg(test, predictAll(boosted, test.features, test.baseScores))).toBeGreaterThan(
      ndcg(test, test.baseScores) + 0.05,
    );
  });

  it("refuses base scores of the wrong length", () => {
    const ds = dataset(5, 5);
    expect(() => trainLambdaMart({ ...ds, baseScores: new Float32Array(3) }, ["a", "b", "c", "d"])).toThrow(
      /one value per row/,
    );
    const model = trainLambdaMart(ds, ["a", "b", "c", "d"], { trees: 2 });
    expect(() => predictAll(model, ds.features, [1, 2])).toThrow(/one value per row/);
  });
});
