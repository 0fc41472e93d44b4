import { dcgAtK } from "./metrics.ts";

/**
 * LambdaMART: gradient-boosted regression trees trained with LambdaRank gradients that optimise NDCG,
 * the objective of LightGBM's `lambdarank` (which the FlowType seed used). No maintained JavaScript
 * implementation exists, so it is written here (docs/decisions/007): histogram-binned features, leaf-wise
 * growth with Newton leaf values and L2 regularisation, shrinkage, and per-tree row subsampling.
 */
export interface RankingDataset {
  /** Row-major, rows x nFeatures. */
  features: Float32Array;
  nFeatures: number;
  /** Graded relevance, 0..4. */
  labels: Float32Array;
  /** Sizes of consecutive query groups; they sum to the number of rows. */
  groups: number[];
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

export function predictAll(model: LambdaMartModel, features: Float32Array): Float32Array {
  const rows = features.length / model.nFeatures;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = predictRow(model, features, r * model.nFeatures);
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

/** LambdaRank gradients and Hessians for the current scores, with |ΔNDCG@k| pair weights. */
function lambdas(
  ds: RankingDataset,
  scores: Float32Array,
  k: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  grad.fill(0);
  hess.fill(0);
  let offset = 0;
  for (const size of ds.groups) {
    const idx = Array.from({ length: size }, (_, i) => offset + i);
    const ideal = idx.map((i) => ds.labels[i]!).sort((a, b) => b - a);
    const idcg = dcgAtK(ideal, k);
    if (idcg > 0) {
      const ranked = [...idx].sort((a, b) => scores[b]! - scores[a]!);
      const rankOf = new Map(ranked.map((row, r) => [row, r]));
      for (let a = 0; a < size; a++) {
        for (let b = 0; b < size; b++) {
          const i = idx[a]!,
            j = idx[b]!;
          if (ds.labels[i]! <= ds.labels[j]!) continue;
          const ri = rankOf.get(i)!,
            rj = rankOf.get(j)!;
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
    offset += size;
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
  const bestSplit = (r: Int32Array): Split | null => {
    let G = 0,
      H = 0;
    for (const i of r) {
      G += grad[i]!;
      H += hess[i]!;
    }
    const parent = (G * G) / (H + o.lambdaL2);
    let best: Split | null = null;
    for (let f = 0; f < nFeatures; f++) {
      const nb = edges[f]!.length + 1;
      if (nb < 2) continue;
      const gs = new Float64Array(nb),
        hs = new Float64Array(nb),
        cs = new Int32Array(nb);
      for (const i of r) {
        const b = binned[i * nFeatures + f]!;
        gs[b]! += grad[i]!;
        hs[b]! += hess[i]!;
        cs[b]!++;
      }
      let gl = 0,
        hl = 0,
        cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += gs[b]!;
        hl += hs[b]!;
        cl += cs[b]!;
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
  const scores = new Float32Array(rows);
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
  for (let t = 0; t < o.trees; t++) {
    lambdas(ds, scores, o.ndcgK, grad, hess);
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
