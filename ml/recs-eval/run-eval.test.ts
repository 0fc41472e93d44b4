import { describe, expect, it } from "vitest";
import { randomSplit, temporalSplit } from "./interactions";
import { formatTable, runEvaluation } from "./run-eval";
import { clusteredInteractions } from "./synthetic";

describe("runEvaluation on clustered synthetic tastes", () => {
  it("ItemKNN, two-tower and the re-ranked two-tower all beat popularity by a wide margin", () => {
    const data = clusteredInteractions({ users: 300, items: 200, clusters: 5, perUser: 25, seed: 1 });
    // Two validation slices instead of five keep the ranker's extra two-tower fits down.
    const table = runEvaluation(randomSplit(data, 0.8, 1), { ranker: { candidates: 50, folds: 2 } });
    const ndcg = Object.fromEntries(table.rows.map((r) => [r.model, r.ndcg]));
    expect(table.rows.map((r) => r.model)).toEqual([
      "popularity",
      "itemknn",
      "two-tower",
      "two-tower + ranker",
    ]);
    expect(table.rows.every((r) => r.users > 290 && r.users <= 300)).toBe(true);
    // Popularity ignores the clusters; anything that learns them roughly doubles NDCG@10 here.
    expect(ndcg["itemknn"]!).toBeGreaterThan(ndcg["popularity"]! + 0.1);
    expect(ndcg["two-tower"]!).toBeGreaterThan(ndcg["popularity"]! + 0.1);
    expect(ndcg["two-tower + ranker"]!).toBeGreaterThan(ndcg["popularity"]! + 0.1);
    // Popularity shows nearly everyone the same few items; the personal models spread over the catalogue.
    const coverage = Object.fromEntries(table.rows.map((r) => [r.model, r.coverage]));
    expect(coverage["popularity"]!).toBeLessThan(0.2);
    expect(coverage["two-tower"]!).toBeGreaterThan(coverage["popularity"]! + 0.2);
    expect(formatTable(table)).toMatch(/NDCG@10/);
  }, 20_000);

  it("runs a chosen subset on a temporal split", () => {
    const data = clusteredInteractions({ users: 100, items: 80, perUser: 15, seed: 2 });
    const table = runEvaluation(temporalSplit(data, 0.8), { models: ["popularity", "itemknn"], k: 5 });
    expect(table.rows.map((r) => r.model)).toEqual(["popularity", "itemknn"]);
    expect(table.k).toBe(5);
    expect(table.testInteractions).toBe(300);
    expect(table.rows[1]!.ndcg).toBeGreaterThan(table.rows[0]!.ndcg);
  });
});
