import { describe, expect, it } from "vitest";
import { subset, userItems } from "../recs-eval/interactions";
import { clusteredInteractions } from "../recs-eval/synthetic";
import { embedItem, embedNewItem, embedUser, itemMatrix, itemScores, trainTwoTower } from "./two-tower";

const data = clusteredInteractions({ users: 300, items: 200, clusters: 5, perUser: 25, seed: 3 });

describe("two-tower", () => {
  it("learns the taste groups: most of a user's top 10 unseen items are from their own group", () => {
    const model = trainTwoTower(data, { epochs: 6, seed: 1 });
    const items = itemMatrix(model);
    const lists = userItems(data);
    const scores = new Float32Array(data.nItems);
    let inGroup = 0,
      total = 0;
    for (let u = 0; u < data.nUsers; u++) {
      itemScores(model, embedUser(model, u), items, scores);
      for (const i of lists.indices.subarray(lists.offsets[u]!, lists.offsets[u + 1]!)) scores[i] = -Infinity;
      const top = Array.from(scores.keys())
        .sort((a, b) => scores[b]! - scores[a]!)
        .slice(0, 10);
      inGroup += top.filter((i) => data.itemCluster[i] === data.userCluster[u]).length;
      total += top.length;
    }
    // A group holds a fifth of the catalogue; the taste signal should put well over half in-group.
    expect(inGroup / total).toBeGreaterThan(0.7);
    // Vectors are unit length.
    const v = embedItem(model, 7);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(Math.hypot(...embedUser(model, 3))).toBeCloseTo(1, 5);
  });

  it("is deterministic for a seed and embeds a new user from a history alone", () => {
    const a = trainTwoTower(data, { epochs: 1, seed: 5 });
    const b = trainTwoTower(data, { epochs: 1, seed: 5 });
    const c = trainTwoTower(data, { epochs: 1, seed: 6 });
    expect(Array.from(a.itemEmbedding)).toEqual(Array.from(b.itemEmbedding));
    expect(Array.from(a.itemEmbedding)).not.toEqual(Array.from(c.itemEmbedding));
    // Without user id embeddings (the default) a user is their history.
    const lists = userItems(data);
    const history = lists.indices.subarray(lists.offsets[4]!, lists.offsets[5]!);
    expect(Array.from(embedUser(a, null, history))).toEqual(Array.from(embedUser(a, 4)));
  });

  it("embeds cold-start items from their side features so they reach the right users", () => {
    // Every seventh item (from every group) never appears in training; the model only ever sees its tags.
    const cold = Array.from({ length: data.nItems }, (_, i) => i).filter((i) => i % 7 === 3);
    const isCold = new Set(cold);
    const rows = Array.from(data.items.keys()).filter((r) => !isCold.has(data.items[r]!));
    const warm = subset(data, rows);
    const model = trainTwoTower(warm, {
      epochs: 6,
      itemFeatures: data.itemTags,
      itemIdDropout: 0.5,
      seed: 2,
    });
    // AUC, over users, of own-group cold items against other-group cold items.
    let wins = 0,
      pairs = 0;
    const tags = (i: number) =>
      data.itemTags.indices.subarray(data.itemTags.offsets[i]!, data.itemTags.offsets[i + 1]!);
    const coldScores = cold.map((i) => embedNewItem(model, tags(i)));
    for (let u = 0; u < data.nUsers; u++) {
      const user = embedUser(model, u);
      const s = coldScores.map(({ vector, offset }) =>
        vector.reduce((acc, x, k) => acc + x * user[k]!, offset),
      );
      const own = cold.flatMap((i, n) => (data.itemCluster[i] === data.userCluster[u] ? [s[n]!] : []));
      const other = cold.flatMap((i, n) => (data.itemCluster[i] !== data.userCluster[u] ? [s[n]!] : []));
      for (const x of own) {
        for (const y of other) {
          wins += x > y ? 1 : x === y ? 0.5 : 0;
          pairs++;
        }
      }
    }
    expect(wins / pairs).toBeGreaterThan(0.9);
    expect(() => embedNewItem(trainTwoTower(warm, { epochs: 1 }), [0])).toThrow(/no item features/);
  });
});
