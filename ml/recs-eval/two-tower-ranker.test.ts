import { describe, expect, it } from "vitest";
import { trainTwoTower } from "../retrieval/two-tower";
import { randomSplit, userItems, type InteractionSet } from "./interactions";
import { trainItemKnn } from "./item-knn";
import { clusteredInteractions } from "./synthetic";
import {
  applyBlend,
  candidateFeatures,
  DEFAULT_RANKER_FEATURES,
  featureContext,
  RANKER_FEATURES,
  trainEase,
  trainTwoTowerRanker,
} from "./two-tower-ranker";

const F = RANKER_FEATURES.length;
const col = (name: (typeof RANKER_FEATURES)[number]) => RANKER_FEATURES.indexOf(name);

describe("EASE", () => {
  it("solves its closed form: zero diagonal, and the ridge normal equations off it", () => {
    const data = clusteredInteractions({ users: 60, items: 30, perUser: 8, seed: 4 });
    const lambda = 5;
    const { weights: B, nItems: n } = trainEase(data, lambda);
    const gram = new Float64Array(n * n);
    const lists = userItems(data);
    for (let u = 0; u < data.nUsers; u++) {
      const items = lists.indices.subarray(lists.offsets[u]!, lists.offsets[u + 1]!);
      for (const i of items) for (const j of items) gram[i * n + j]! += 1;
    }
    // Column i of B minimises ‖X_i − X B_i‖² + λ‖B_i‖² with B_ii = 0: (XᵀX + λI) B_i = XᵀX_i off the diagonal.
    let worst = 0;
    for (let i = 0; i < n; i++) {
      expect(B[i * n + i]).toBe(0);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        let lhs = lambda * B[j * n + i]!;
        for (let k = 0; k < n; k++) lhs += gram[j * n + k]! * B[k * n + i]!;
        worst = Math.max(worst, Math.abs(lhs - gram[j * n + i]!));
      }
    }
    expect(worst).toBeLessThan(1e-3);
  });
});

describe("ranker features", () => {
  it("measures how long after the user's last activity an item first turned up", () => {
    const day = 86_400;
    // User 0 is active on days 0-2; item 2 first turns up on day 10, item 3 on day 1; user 1 has both.
    const rows = [
      [0, 0, 0],
      [0, 1, 2],
      [1, 0, 1],
      [1, 2, 10],
      [1, 3, 1],
      [2, 1, 3],
      [2, 2, 12],
    ] as const;
    const set: InteractionSet = {
      nUsers: 3,
      nItems: 4,
      users: Int32Array.from(rows, (r) => r[0]),
      items: Int32Array.from(rows, (r) => r[1]),
      ratings: new Float32Array(rows.length).fill(1),
      timestamps: Float64Array.from(rows, (r) => r[2] * day),
    };
    const ctx = featureContext(set, trainTwoTower(set, { epochs: 1 }), trainItemKnn(set));
    const { candidates, features } = candidateFeatures(ctx, 0, 10);
    expect(Array.from(candidates).sort()).toEqual([2, 3]);
    const at = (item: number, name: (typeof RANKER_FEATURES)[number]) =>
      features[candidates.indexOf(item) * F + col(name)]!;
    expect(at(2, "days from user's last activity to item's first")).toBeCloseTo(8);
    expect(at(3, "days from user's last activity to item's first")).toBeCloseTo(-1);
    expect(at(2, "days from item's last activity to user's first")).toBeCloseTo(-12);
  });
});

describe("trainTwoTowerRanker", () => {
  const data = clusteredInteractions({ users: 200, items: 120, perUser: 20, seed: 5 });
  const { train } = randomSplit(data, 0.8, 1);
  const twoTower = trainTwoTower(train, { seed: 1 });
  const itemKnn = trainItemKnn(train);

  it("with no trees, ranks the candidates by its fitted linear blend", () => {
    const ranker = trainTwoTowerRanker(
      train,
      { candidates: 30, folds: 2, lambdaMart: { trees: 0 } },
      { twoTower, itemKnn },
    );
    expect(ranker.featureNames).toEqual([...DEFAULT_RANKER_FEATURES]);
    expect(ranker.trainingLists).toBeGreaterThan(100);
    expect(ranker.blend.scale).toBeGreaterThan(0);
    expect(Number.isFinite(ranker.blend.scale)).toBe(true);

    const ctx = featureContext(train, twoTower, itemKnn, null, trainEase(train, 300));
    const out = new Float32Array(train.nItems);
    for (const user of [0, 7, 42]) {
      const { candidates, features } = candidateFeatures(ctx, user, 30);
      applyBlend(features, ranker.blend);
      const byBlend = Array.from(candidates.keys())
        .sort((a, b) => features[b * F]! - features[a * F]! || a - b)
        .map((r) => candidates[r]!);
      ranker.score(user, out);
      const byRanker = Array.from(candidates).sort((a, b) => out[b]! - out[a]! || a - b);
      expect(byRanker).toEqual(byBlend);
      // Every candidate above every other item.
      const lowest = Math.min(...Array.from(candidates, (i) => out[i]!));
      const others = Array.from(out).filter((_, i) => !candidates.includes(i));
      expect(Math.max(...others)).toBeLessThan(lowest);
    }
  });

  it("boosts from the blend by default and can start from zero instead", () => {
    const boosted = trainTwoTowerRanker(
      train,
      { candidates: 30, folds: 2, lambdaMart: { trees: 10 } },
      { twoTower, itemKnn },
    );
    const fromZero = trainTwoTowerRanker(
      train,
      { candidates: 30, folds: 2, baseMargin: false, lambdaMart: { trees: 10 } },
      { twoTower, itemKnn },
    );
    expect(boosted.ranker.trees).toHaveLength(10);
    expect(JSON.stringify(boosted.ranker.trees)).not.toEqual(JSON.stringify(fromZero.ranker.trees));
  });

  it("leaves EASE out of a catalogue above easeMaxItems", () => {
    const ranker = trainTwoTowerRanker(
      train,
      { candidates: 30, folds: 2, easeMaxItems: 100, lambdaMart: { trees: 0 } },
      { twoTower, itemKnn },
    );
    expect(ranker.blend.ease).toBe(0);
  });
});
