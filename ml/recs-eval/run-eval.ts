import {
  embedUser,
  itemMatrix,
  itemScores,
  trainTwoTower,
  type TwoTowerOptions,
} from "../retrieval/two-tower.ts";
import { userItems, type Split } from "./interactions.ts";
import { trainItemKnn, type ItemKnnOptions } from "./item-knn.ts";
import { evaluateRecommender, type Recommender, type TopKMetrics } from "./metrics.ts";
import { trainPopularity } from "./popularity.ts";
import { trainTwoTowerRanker, type TwoTowerRankerOptions } from "./two-tower-ranker.ts";

/**
 * Runs popularity, ItemKNN, two-tower and two-tower + ranker on one split and scores each on the held-out
 * interactions (metrics.ts: Recall@k, NDCG@k, MAP@k, coverage@k over users with a test interaction, training
 * items masked). Every model sees only `split.train`; the ranker carves its own validation slice from it.
 */
export const MODELS = ["popularity", "itemknn", "two-tower", "two-tower + ranker"] as const;
export type ModelName = (typeof MODELS)[number];

export interface EvalConfig {
  k?: number;
  itemKnn?: ItemKnnOptions;
  twoTower?: TwoTowerOptions;
  /** Re-ranking settings; its retrieval and ItemKNN settings are `twoTower` and `itemKnn` above. */
  ranker?: Omit<TwoTowerRankerOptions, "twoTower" | "itemKnn">;
  /** Which rows to run (default all four). */
  models?: readonly ModelName[];
  seed?: number;
}

export interface EvalRow extends TopKMetrics {
  model: ModelName;
  /** Wall-clock seconds to fit the model (the ranker row includes the retrieval and ItemKNN fits it uses). */
  trainSeconds: number;
}

export interface EvalTable {
  protocol: string;
  k: number;
  trainInteractions: number;
  testInteractions: number;
  rows: EvalRow[];
  /** Extra facts worth printing (e.g. the ranker's candidate recall on its validation slice). */
  notes: string[];
}

/**
 * Tuned on a validation slice of the ML-100K training data (the 80% training part of the seed-1 random split,
 * split again 80/20 with seed 2; the test part never read): ItemKNN over neighbours x shrink x alpha, the
 * two-tower over temperature, size, batch, negatives, dropout, epochs and learning rate, the ranker over
 * folds, EASE's λ and the trees' features (two-tower-ranker.ts's defaults).
 */
export const DEFAULT_CONFIG: Required<Pick<EvalConfig, "k" | "itemKnn" | "twoTower" | "ranker">> = {
  k: 10,
  itemKnn: { neighbours: 100, shrink: 0, alpha: 0.7 },
  twoTower: {}, // two-tower.ts's defaults, tuned the same way
  ranker: { candidates: 100, validationFraction: 0.2, folds: 5 },
};

function timed<T>(fit: () => T): [T, number] {
  const start = performance.now();
  const value = fit();
  return [value, (performance.now() - start) / 1000];
}

export function runEvaluation(split: Split, config: EvalConfig = {}): EvalTable {
  const k = config.k ?? DEFAULT_CONFIG.k;
  const seed = config.seed ?? 1;
  const itemKnnOptions = config.itemKnn ?? DEFAULT_CONFIG.itemKnn;
  const twoTowerOptions: TwoTowerOptions = { seed, ...(config.twoTower ?? DEFAULT_CONFIG.twoTower) };
  const wanted = new Set(config.models ?? MODELS);
  const { train, test } = split;
  const lists = userItems(train);
  const rows: EvalRow[] = [];
  const notes: string[] = [];
  const score = (model: ModelName, recommender: Recommender, seconds: number) =>
    rows.push({ model, trainSeconds: seconds, ...evaluateRecommender(recommender, train, test, k, lists) });

  if (wanted.has("popularity")) score("popularity", ...timed(() => trainPopularity(train)));

  const needKnn = wanted.has("itemknn") || wanted.has("two-tower + ranker");
  const [itemKnn, knnSeconds] = needKnn ? timed(() => trainItemKnn(train, itemKnnOptions)) : [null, 0];
  if (itemKnn && wanted.has("itemknn")) score("itemknn", itemKnn, knnSeconds);

  const needTwoTower = wanted.has("two-tower") || wanted.has("two-tower + ranker");
  const [twoTower, twoTowerSeconds] = needTwoTower
    ? timed(() => trainTwoTower(train, twoTowerOptions))
    : [null, 0];
  if (twoTower && wanted.has("two-tower")) {
    const items = itemMatrix(twoTower);
    score(
      "two-tower",
      { score: (u, out) => itemScores(twoTower, embedUser(twoTower, u), items, out) },
      twoTowerSeconds,
    );
  }

  if (twoTower && itemKnn && wanted.has("two-tower + ranker")) {
    const [ranker, rankerSeconds] = timed(() =>
      trainTwoTowerRanker(
        train,
        {
          seed,
          ...(config.ranker ?? DEFAULT_CONFIG.ranker),
          twoTower: twoTowerOptions,
          itemKnn: itemKnnOptions,
        },
        { twoTower, itemKnn },
      ),
    );
    score("two-tower + ranker", ranker, rankerSeconds + twoTowerSeconds + knnSeconds);
    const b = ranker.blend;
    notes.push(
      `ranker: linear blend z(retrieval) + ${b.itemKnn} z(itemknn) + ${b.ease} z(ease) + ${b.popularity} log ` +
        `popularity${ranker.baseMargin ? `, x ${b.scale.toFixed(3)} as LambdaMART's base margin` : ""}; ` +
        `${ranker.ranker.trees.length} trees on ` +
        `${ranker.featureNames.length} features, learnt from ${ranker.trainingLists} lists; positives of its ` +
        `validation slices inside the top ${config.ranker?.candidates ?? DEFAULT_CONFIG.ranker.candidates} ` +
        `retrieved candidates: ${(100 * ranker.validationCandidateRecall).toFixed(1)}%`,
    );
  }

  return {
    protocol: split.protocol,
    k,
    trainInteractions: train.users.length,
    testInteractions: test.users.length,
    rows,
    notes,
  };
}

/** The table as aligned plain text. */
export function formatTable(table: EvalTable): string {
  const k = table.k;
  const header = ["model", `Recall@${k}`, `NDCG@${k}`, `MAP@${k}`, `coverage@${k}`, "train s"];
  const body = table.rows.map((r) => [
    r.model,
    r.recall.toFixed(4),
    r.ndcg.toFixed(4),
    r.map.toFixed(4),
    r.coverage.toFixed(4),
    r.trainSeconds.toFixed(2),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [
    `${table.protocol}: ${table.trainInteractions} training, ${table.testInteractions} test interactions; ` +
      `${table.rows[0]?.users ?? 0} users scored`,
    line(header),
    ...body.map(line),
    ...table.notes,
  ].join("\n");
}
