import { dcgAtK } from "./metrics.ts";

/**
 * LambdaMART: gradient-boosted regression trees trained with LambdaRank gradients that optimise NDCG,
 * the objective of LightGBM's `lambdarank` (which the FlowType seed used). No maintained JavaScript
 * implementation exists, so it is written here (docs/decisions/007): histogram-binned features, leaf-wise
 * growth with Newton leaf values and L2 regularisation, shrinkage, per-tree row subsampling, and an optional
 * per-row base score to boost from.
 */
export interface RankingDataset {
  /** Row-major, rows x nFeatures. */
  features: Float32Array;
  nFeatures: number;
  /** Graded relevance, 0..4. */
  labels: Float32Array;
  /** Sizes of consecutive query groups; they sum to the number of rows. */
  groups: number[];
  /**
   * Optional per-row starting score (XGBoost's base_margin): boosting starts from it instead of zero, so the
   * trees learn corrections to an existing ranking; pass the same values to predictAll. Its scale matters:
   * the pair loss is log(1 + e^-(s_i - s_j)), and a base far steeper than that (pairs many units apart)
   * leaves misordered pairs with large gradients but near-zero Hessians, so Newton leaf values blow up.
   */
  baseScores?: Float32Array;
}

export interface Tree {
  /** Per node: the feature split on, or -1 for a leaf. */
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface LambdaMartModel {
  kind: "lambdamart";
  nFeatures: number;
  featureNames: string[];
  learningRate: number;
  trees: Tree[];
}

export interface TrainOptions {
  trees?: number;
  learningRate?: number;
  maxLeaves?: number;
  minLeafRows?: number;
  lambdaL2?: number;
  bins?: number;
  ndcgK?: number;
  subsample?: number;
  seed?: number;
}

export function predictRow(model: LambdaMartModel, features: ArrayLike<number>, offset = 0): number {
  let score = 0;
  for (const tree of model.trees) {
    let node = 0;
    while (tree.feature[node]! >= 0) {
      node =
        features[offset + tree.feature[node]!]! <= tree.threshold[node]!
          ? tree.left[node]!
          : tree.right[node]!;
    }
    score += model.learningRate * tree.value[node]!;
  }
  return score;
}

/** Scores of row-major feature rows, each added to its `baseScores` entry when given (see RankingDataset). */
export function predictAll(
  model: LambdaMartModel,
  features: Float32Array,
  baseScores?: ArrayLike<number>,
): Float32Array {
  const rows = features.length / model.nFeatures;
  if (baseScores && baseScores.length !== rows) throw new Error("baseScores needs one value per row");
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++)
    out[r] = (baseScores ? baseScores[r]! : 0) + predictRow(model, features, r * model.nFeatures);
  return out;
}

/** Quantile thresholds per feature: split candidates are bin edges, so each split scan is O(bins). */
function binEdges(ds: RankingDataset, bins: number): Float32Array[] {
  const rows = ds.labels.length;
  const edges: Float32Array[] = [];
  for (let f = 0; f < ds.nFeatures; f++) {
    const values = new Float32Array(rows);
    for (let r = 0; r < rows; r++) values[r] = ds.features[r * ds.nFeatures + f]!;
    values.sort();
    const cut: number[] = [];
    for (let b = 1; b < bins; b++) {
      const v = values[Math.floor((b * rows) / bins)]!;
      if (cut.length === 0 || v > cut.at(-1)!) cut.push(v);
    }
    edges.push(Float32Array.from(cut));
  }
  return edges;
}

function binIndex(edges: Float32Array, value: number): number {
  let lo = 0,
    hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo; // bin b holds values in (edges[b-1], edges[b]]
}

/** Per query: its rows by label (best first) and where each row's strictly lower labels start; its ideal DCG. */
interface Query {
  offset: number;
  byLabel: Int32Array;
  lowerFrom: Int32Array;
  idcg: number;
}

function queries(ds: RankingDataset, k: number): Query[] {
  const out: Query[] = [];
  let offset = 0;
  for (const size of ds.groups) {
    const byLabel = Int32Array.from(
      Array.from({ length: size }, (_, i) => offset + i).sort((a, b) => ds.labels[b]! - ds.labels[a]!),
    );
    const lowerFrom = new Int32Array(size);
    let lower = 0;
    for (let a = 0; a < size; a++) {
      while (lower < size && ds.labels[byLabel[lower]!]! >= ds.labels[byLabel[a]!]!) lower++;
      lowerFrom[a] = lower;
    }
    const idcg = dcgAtK(
      Array.from(byLabel, (i) => ds.labels[i]!),
      k,
    );
    out.push({ offset, byLabel, lowerFrom, idcg });
    offset += size;
  }
  return out;
}

/**
 * LambdaRank gradients and Hessians for the current scores, with |ΔNDCG@k| pair weights. Only the top k
 * positions need exact ranks (a pair both below the cut-off changes nothing), and each row pairs only with
 * the rows labelled lower, so a list with a few positives costs about positives x size.
 */
function lambdas(
  ds: RankingDataset,
  qs: readonly Query[],
  scores: Float32Array,
  k: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  grad.fill(0);
  hess.fill(0);
  const top = new Int32Array(k);
  const topScore = new Float64Array(k);
  for (const { offset, byLabel, lowerFrom, idcg } of qs) {
    if (idcg <= 0) continue;
    const size = byLabel.length;
    // The k best rows, ties to the earlier row (as a stable sort would).
    let filled = 0;
    for (let row = offset; row < offset + size; row++) {
      const s = scores[row]!;
      if (filled === k && s <= topScore[k - 1]!) continue;
      let p = filled < k ? filled++ : k - 1;
      while (p > 0 && topScore[p - 1]! < s) {
        top[p] = top[p - 1]!;
        topScore[p] = topScore[p - 1]!;
        p--;
      }
      top[p] = row;
      topScore[p] = s;
    }
    const rank = new Int32Array(size).fill(k);
    for (let r = 0; r < filled; r++) rank[top[r]! - offset] = r;
    for (let a = 0; a < size; a++) {
      const i = byLabel[a]!;
      const ri = rank[i - offset]!;
      for (let b = lowerFrom[a]!; b < size; b++) {
        const j = byLabel[b]!;
        const rj = rank[j - offset]!;
        if (ri >= k && rj >= k) continue; // swapping two rows below the cut-off does not change NDCG@k
        const gainDiff = 2 ** ds.labels[i]! - 2 ** ds.labels[j]!;
        const discI = ri < k ? 1 / Math.log2(ri + 2) : 0;
        const discJ = rj < k ? 1 / Math.log2(rj + 2) : 0;
        const delta = Math.abs((gainDiff * (discI - discJ)) / idcg);
        const rho = 1 / (1 + Math.exp(scores[i]! - scores[j]!));
        grad[i]! -= rho * delta;
        grad[j]! += rho * delta;
        const h = Math.max(rho * (1 - rho) * delta, 1e-9);
        hess[i]! += h;
        hess[j]! += h;
      }
    }
  }
}

interface Leaf {
  node: number;
  rows: Int32Array;
}

function fitTree(
  binned: Uint8Array,
  nFeatures: number,
  edges: Float32Array[],
  rows: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
  o: Required<TrainOptions>,
): Tree {
  const tree: Tree = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0] };
  const leafValue = (r: Int32Array) => {
    let g = 0,
      h = 0;
    for (const i of r) {
      g += grad[i]!;
      h += hess[i]!;
    }
    return -g / (h + o.lambdaL2);
  };
  tree.value[0] = leafValue(rows);
  type Split = { gain: number; feature: number; bin: number };
  // Every feature's histogram in one pass over the leaf's rows (row-major, so cache-friendly).
  const binStart = new Int32Array(nFeatures + 1);
  for (let f = 0; f < nFeatures; f++) binStart[f + 1] = binStart[f]! + edges[f]!.length + 1;
  const gs = new Float64Array(binStart[nFeatures]!),
    hs = new Float64Array(binStart[nFeatures]!),
    cs = new Int32Array(binStart[nFeatures]!);
  const bestSplit = (r: Int32Array): Split | null => {
    gs.fill(0);
    hs.fill(0);
    cs.fill(0);
    let G = 0,
      H = 0;
    for (const i of r) {
      const g = grad[i]!,
        h = hess[i]!;
      G += g;
      H += h;
      const o = i * nFeatures;
      for (let f = 0; f < nFeatures; f++) {
        const b = binStart[f]! + binned[o + f]!;
        gs[b]! += g;
        hs[b]! += h;
        cs[b]!++;
      }
    }
    const parent = (G * G) / (H + o.lambdaL2);
    let best: Split | null = null;
    for (let f = 0; f < nFeatures; f++) {
      const from = binStart[f]!,
        nb = binStart[f + 1]! - from;
      if (nb < 2) continue;
      let gl = 0,
        hl = 0,
        cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += gs[from + b]!;
        hl += hs[from + b]!;
        cl += cs[from + b]!;
        const cr = r.length - cl;
        if (cl < o.minLeafRows || cr < o.minLeafRows) continue;
        const gain = (gl * gl) / (hl + o.lambdaL2) + ((G - gl) * (G - gl)) / (H - hl + o.lambdaL2) - parent;
        if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, feature: f, bin: b };
      }
    }
    return best;
  };

  // Leaf-wise growth: always split the leaf with the largest gain, as LightGBM does.
  const leaves: (Leaf & { split: Split | null })[] = [{ node: 0, rows, split: bestSplit(rows) }];
  let leafCount = 1;
  while (leafCount < o.maxLeaves) {
    let pick = -1;
    for (let i = 0; i < leaves.length; i++) {
      const s = leaves[i]!.split;
      if (s && (pick < 0 || s.gain > leaves[pick]!.split!.gain)) pick = i;
    }
    if (pick < 0) break;
    const { node, rows: r, split } = leaves.splice(pick, 1)[0]!;
    const s = split!;
    const leftRows: number[] = [],
      rightRows: number[] = [];
    for (const i of r) (binned[i * nFeatures + s.feature]! <= s.bin ? leftRows : rightRows).push(i);
    const l = tree.feature.length,
      rt = l + 1;
    for (const child of [l, rt]) {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      void child;
    }
    tree.feature[node] = s.feature;
    tree.threshold[node] = edges[s.feature]![s.bin]!;
    tree.left[node] = l;
    tree.right[node] = rt;
    const lr = Int32Array.from(leftRows),
      rr = Int32Array.from(rightRows);
    tree.value[l] = leafValue(lr);
    tree.value[rt] = leafValue(rr);
    leaves.push({ node: l, rows: lr, split: bestSplit(lr) }, { node: rt, rows: rr, split: bestSplit(rr) });
    leafCount++;
  }
  return tree;
}

export function trainLambdaMart(
  ds: RankingDataset,
  featureNames: string[],
  options: TrainOptions = {},
): LambdaMartModel {
  const o: Required<TrainOptions> = {
    trees: 100,
    learningRate: 0.1,
    maxLeaves: 15,
    minLeafRows: 20,
    lambdaL2: 1,
    bins: 32,
    ndcgK: 5,
    subsample: 0.8,
    seed: 1,
    ...options,
  };
  const rows = ds.labels.length;
  const edges = binEdges(ds, o.bins);
  const binned = new Uint8Array(rows * ds.nFeatures);
  for (let r = 0; r < rows; r++)
    for (let f = 0; f < ds.nFeatures; f++)
      binned[r * ds.nFeatures + f] = binIndex(edges[f]!, ds.features[r * ds.nFeatures + f]!);
  if (ds.baseScores && ds.baseScores.length !== rows) throw new Error("baseScores needs one value per row");
  const scores = ds.baseScores ? Float32Array.from(ds.baseScores) : new Float32Array(rows);
  const grad = new Float64Array(rows),
    hess = new Float64Array(rows);
  const model: LambdaMartModel = {
    kind: "lambdamart",
    nFeatures: ds.nFeatures,
    featureNames,
    learningRate: o.learningRate,
    trees: [],
  };
  let state = o.seed >>> 0 || 1;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const qs = queries(ds, o.ndcgK);
  for (let t = 0; t < o.trees; t++) {
    lambdas(ds, qs, scores, o.ndcgK, grad, hess);
    const sample: number[] = [];
    for (let r = 0; r < rows; r++) if (rand() < o.subsample) sample.push(r);
    const tree = fitTree(binned, ds.nFeatures, edges, Int32Array.from(sample), grad, hess, o);
    model.trees.push(tree);
    for (let r = 0; r < rows; r++) {
      let node = 0;
      while (tree.feature[node]! >= 0)
        node =
          ds.features[r * ds.nFeatures + tree.feature[node]!]! <= tree.threshold[node]!
            ? tree.left[node]!
            : tree.right[node]!;
      scores[r]! += o.learningRate * tree.value[node]!;
    }
  }
  return model;
}
