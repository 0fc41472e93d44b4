import { createRandom } from "../random.ts";

/**
 * A two-tower retrieval model (Covington et al. 2016; Yi et al. 2019) over typed arrays, with hand-derived
 * gradients.
 *
 * - User tower: x_u = P[u] + mean_{h ∈ history(u)} Q[h] + mean_{f ∈ features(u)} A[f]; u = x_u / |x_u|.
 *   The id embedding P is optional (off by default: on ML-100K it overfits, validation NDCG@10 0.249 with
 *   it against 0.264 without), so by default a user is the mean of their items' history embeddings, which
 *   also embeds a new user from a history alone.
 * - Item tower: y_i = E[i] + mean_{f ∈ features(i)} B[f]; v = y_i / |y_i|. A new item with side features
 *   is embedded from them alone (cold start); `itemIdDropout` trains that path.
 * - Score: u · v (cosine), plus τ · b_i with the optional per-item bias (see `itemBias`).
 *
 * Training is sampled softmax over in-batch negatives: a batch of (user, positive item) pairs drawn from
 * the interactions, each row's positive scored against every other example's item (and optionally some
 * uniformly drawn items), logits u · v / τ with the logQ correction (minus the log of the item's expected
 * count among the batch's candidates, so popular items are not over-penalised for turning up as negatives
 * more often). The row's own item elsewhere in the batch, and optionally every item the user has, is masked
 * out of its denominator. A training example's history leaves out its own target (else the model learns to
 * find an item in its own history), drops each item with probability `historyDropout`, and keeps at most
 * `maxHistory`. Optimiser: Adam on the rows a batch touches (lazy Adam), learning rate decayed linearly to
 * zero. Deterministic for a seed.
 *
 * The defaults are the settings tuned on a validation slice of ML-100K (ml/recs-eval): about 5 s per
 * 64,000 interactions on one core.
 */

/** Multi-hot side features in CSR form: entity e has feature indices indices[offsets[e]..offsets[e+1]). */
export interface SparseFeatures {
  nFeatures: number;
  offsets: Int32Array;
  indices: Int32Array;
}

/** Positive (user, item) interactions in dense index space. */
export interface TwoTowerData {
  nUsers: number;
  nItems: number;
  users: Int32Array;
  items: Int32Array;
}

export interface TwoTowerOptions {
  /** Embedding size (default 32). */
  dim?: number;
  /** Softmax temperature τ over cosine scores (default 0.2). */
  temperature?: number;
  /** Passes over the interactions (default 4). */
  epochs?: number;
  /** Examples per batch, each the others' negatives (default 64). */
  batchSize?: number;
  /** Adam step size (default 0.01). */
  learningRate?: number;
  /** Decay the learning rate linearly to zero over the run (default true); else keep it constant. */
  decay?: boolean;
  /** Decoupled weight decay applied to touched rows each step (default 0). */
  weightDecay?: number;
  /** At most this many history items per training example (default 50). */
  maxHistory?: number;
  /** Drop each history item of a training example with this probability (default 0.3), as denoising. */
  historyDropout?: number;
  /** Subtract log(expected count among the batch's candidates) from the training logits (default true). */
  logQ?: boolean;
  /** Also mask in-batch items the user already has (false negatives), not just the target (default true). */
  maskHistory?: boolean;
  /** Learn a per-user id embedding P (default false, see above). */
  userIdEmbedding?: boolean;
  /** Probability of training an item from its features alone (default 0; needs item features). */
  itemIdDropout?: number;
  /**
   * Extra negatives per batch drawn uniformly from the catalogue and shared by every row (mixed negative
   * sampling, Yang et al. 2020); default 64.
   */
  uniformNegatives?: number;
  /**
   * Learn a per-item logit bias (and one per item feature), so popularity need not be carried by the
   * direction of the normalised vectors: training logits become u · v / τ + b_i (default true). Without it
   * the score is the plain cosine of the two L2-normalised towers.
   */
  itemBias?: boolean;
  /** Standard deviation of the initial embeddings (default 0.1). */
  initScale?: number;
  itemFeatures?: SparseFeatures;
  userFeatures?: SparseFeatures;
  seed?: number;
  /** Called after each epoch with the mean training loss and the model so far (its tables are live). */
  onEpoch?: (epoch: number, loss: number, model: TwoTowerModel) => void;
}

export interface TwoTowerModel {
  kind: "two-tower";
  dim: number;
  nUsers: number;
  nItems: number;
  temperature: number;
  /** Row-major tables, rows x dim. `userEmbedding` is null without user id embeddings. */
  userEmbedding: Float32Array | null;
  historyEmbedding: Float32Array;
  itemEmbedding: Float32Array;
  itemFeatureEmbedding: Float32Array | null;
  userFeatureEmbedding: Float32Array | null;
  /** With `itemBias`: per item (and per item feature) a learnt logit offset; see itemScores. */
  itemBias: Float32Array | null;
  itemFeatureBias: Float32Array | null;
  itemFeatures: SparseFeatures | null;
  userFeatures: SparseFeatures | null;
  /** Each user's training items (CSR), the history the user tower reads at inference. */
  historyOffsets: Int32Array;
  historyItems: Int32Array;
}

/** One parameter table with its Adam moments and a sparse gradient (rows touched this step). */
class Table {
  readonly values: Float32Array;
  private readonly grad: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly isTouched: Uint8Array;
  private readonly touched: Int32Array;
  private nTouched = 0;

  constructor(
    readonly rows: number,
    readonly dim: number,
    init: () => number,
  ) {
    this.values = Float32Array.from({ length: rows * dim }, init);
    this.grad = new Float32Array(rows * dim);
    this.m = new Float32Array(rows * dim);
    this.v = new Float32Array(rows * dim);
    this.isTouched = new Uint8Array(rows);
    this.touched = new Int32Array(rows);
  }

  /** grad[row] += scale * g. */
  addGrad(row: number, g: Float64Array, scale: number): void {
    if (!this.isTouched[row]) {
      this.isTouched[row] = 1;
      this.touched[this.nTouched++] = row;
    }
    const o = row * this.dim;
    for (let k = 0; k < this.dim; k++) this.grad[o + k]! += scale * g[k]!;
  }

  /** Adam step (bias-corrected with the global step `t`) on the touched rows, then clears the gradient. */
  step(lr: number, t: number, weightDecay: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): void {
    const c1 = 1 / (1 - beta1 ** t);
    const c2 = 1 / (1 - beta2 ** t);
    for (let n = 0; n < this.nTouched; n++) {
      const row = this.touched[n]!;
      this.isTouched[row] = 0;
      const o = row * this.dim;
      for (let k = o; k < o + this.dim; k++) {
        const g = this.grad[k]!;
        this.grad[k] = 0;
        const m = (this.m[k] = beta1 * this.m[k]! + (1 - beta1) * g);
        const v = (this.v[k] = beta2 * this.v[k]! + (1 - beta2) * g * g);
        this.values[k] =
          this.values[k]! - lr * ((m * c1) / (Math.sqrt(v * c2) + eps) + weightDecay * this.values[k]!);
      }
    }
    this.nTouched = 0;
  }
}

function csrByRow(
  nRows: number,
  rowOf: Int32Array,
  colOf: Int32Array,
): { offsets: Int32Array; cols: Int32Array } {
  const offsets = new Int32Array(nRows + 1);
  for (let k = 0; k < rowOf.length; k++) offsets[rowOf[k]! + 1]!++;
  for (let r = 0; r < nRows; r++) offsets[r + 1]! += offsets[r]!;
  const fill = offsets.slice(0, nRows);
  const cols = new Int32Array(rowOf.length);
  for (let k = 0; k < rowOf.length; k++) cols[fill[rowOf[k]!]!++] = colOf[k]!;
  for (let r = 0; r < nRows; r++) cols.subarray(offsets[r]!, offsets[r + 1]!).sort();
  return { offsets, cols };
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += a[ao + k]! * b[bo + k]!;
    s1 += a[ao + k + 1]! * b[bo + k + 1]!;
    s2 += a[ao + k + 2]! * b[bo + k + 2]!;
    s3 += a[ao + k + 3]! * b[bo + k + 3]!;
  }
  for (; k < n; k++) s0 += a[ao + k]! * b[bo + k]!;
  return s0 + s1 + s2 + s3;
}

/** out (m x d) = A (m x n, or n x m when `transposeA`) times Bm (n x d); four rows of Bm per pass. */
function matmul(
  A: Float64Array,
  transposeA: boolean,
  Bm: Float64Array,
  out: Float64Array,
  m: number,
  n: number,
  d: number,
): void {
  out.fill(0);
  const a = (i: number, c: number) => (transposeA ? A[c * m + i]! : A[i * n + c]!);
  for (let i = 0; i < m; i++) {
    const oi = i * d;
    let c = 0;
    for (; c + 3 < n; c += 4) {
      const a0 = a(i, c),
        a1 = a(i, c + 1),
        a2 = a(i, c + 2),
        a3 = a(i, c + 3);
      const o0 = c * d,
        o1 = o0 + d,
        o2 = o1 + d,
        o3 = o2 + d;
      for (let k = 0; k < d; k++)
        out[oi + k]! += a0 * Bm[o0 + k]! + a1 * Bm[o1 + k]! + a2 * Bm[o2 + k]! + a3 * Bm[o3 + k]!;
    }
    for (; c < n; c++) {
      const ac = a(i, c);
      const o = c * d;
      for (let k = 0; k < d; k++) out[oi + k]! += ac * Bm[o + k]!;
    }
  }
}

/** Adds mean_{f} table[f] over the entity's features to `x`; returns how many features it had. */
function addFeatureMean(
  x: Float64Array,
  table: Float32Array,
  f: SparseFeatures,
  entity: number,
  dim: number,
): number {
  const from = f.offsets[entity]!,
    to = f.offsets[entity + 1]!;
  if (to === from) return 0;
  const w = 1 / (to - from);
  for (let p = from; p < to; p++) {
    const o = f.indices[p]! * dim;
    for (let k = 0; k < dim; k++) x[k]! += w * table[o + k]!;
  }
  return to - from;
}

/** `x` / |x| into `out` (zeros for a zero vector); returns |x|. */
function normalise(x: Float64Array, out: Float64Array, outOffset: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += x[k]! * x[k]!;
  const n = Math.sqrt(s);
  for (let k = 0; k < dim; k++) out[outOffset + k] = n > 0 ? x[k]! / n : 0;
  return n;
}

const DEFAULTS = {
  dim: 32,
  temperature: 0.2,
  epochs: 4,
  batchSize: 64,
  learningRate: 0.01,
  decay: true,
  weightDecay: 0,
  maxHistory: 50,
  historyDropout: 0.3,
  logQ: true,
  maskHistory: true,
  userIdEmbedding: false,
  itemIdDropout: 0,
  uniformNegatives: 64,
  itemBias: true,
  initScale: 0.1,
  seed: 1,
};

/** The training state: parameter tables, the batch's buffers, and the steps of one batch. */
class Trainer {
  readonly o: typeof DEFAULTS;
  readonly P: Table | null;
  readonly Q: Table;
  readonly E: Table;
  readonly IF: Table | null;
  /** Item biases (one per item, and per item feature when there are item features). */
  readonly bias: Table | null;
  readonly featureBias: Table | null;
  readonly cBias: Float64Array;
  readonly g1 = new Float64Array(1);
  readonly UF: Table | null;
  readonly itemFeatures: SparseFeatures | null;
  readonly userFeatures: SparseFeatures | null;
  readonly history: { offsets: Int32Array; cols: Int32Array };
  readonly logQ: Float64Array;
  readonly B: number;
  /** Candidate columns per batch: the B in-batch items, then `uniformNegatives` uniform ones. */
  readonly C: number;
  private state: number;
  // Batch buffers: normalised tower outputs and their norms, logits (then their gradient), gradients.
  readonly U: Float64Array;
  readonly V: Float64Array;
  readonly uNorm: Float64Array;
  readonly vNorm: Float64Array;
  readonly logits: Float64Array;
  readonly dU: Float64Array;
  readonly dV: Float64Array;
  readonly x: Float64Array;
  readonly g: Float64Array;
  readonly bUser: Int32Array;
  readonly bItem: Int32Array;
  readonly bDrop: Uint8Array;
  readonly histStart: Int32Array;
  readonly histPool: Int32Array;
  readonly scratch: Int32Array;
  step = 0;
  /** Per item, the last softmax row whose user has it (see softmax). */
  readonly stamp: Int32Array;
  private tag = 0;

  constructor(
    readonly data: TwoTowerData,
    options: TwoTowerOptions,
  ) {
    const o = (this.o = { ...DEFAULTS });
    for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      if (options[key] !== undefined) (o as Record<string, unknown>)[key] = options[key];
    }
    this.itemFeatures = options.itemFeatures ?? null;
    this.userFeatures = options.userFeatures ?? null;
    if (!this.itemFeatures) o.itemIdDropout = 0;
    const dim = o.dim;
    const random = createRandom(o.seed);
    const init = () => o.initScale * random.normal();
    this.P = o.userIdEmbedding ? new Table(data.nUsers, dim, init) : null;
    this.Q = new Table(data.nItems, dim, init);
    this.E = new Table(data.nItems, dim, init);
    this.IF = this.itemFeatures ? new Table(this.itemFeatures.nFeatures, dim, init) : null;
    this.bias = o.itemBias ? new Table(data.nItems, 1, () => 0) : null;
    this.featureBias =
      o.itemBias && this.itemFeatures ? new Table(this.itemFeatures.nFeatures, 1, () => 0) : null;
    this.UF = this.userFeatures ? new Table(this.userFeatures.nFeatures, dim, init) : null;
    this.state = (random.int(2 ** 31) | 1) >>> 0;

    this.history = csrByRow(data.nUsers, data.users, data.items);
    const n = data.users.length;
    const counts = new Float64Array(data.nItems);
    for (let r = 0; r < n; r++) counts[data.items[r]!]!++;

    const B = (this.B = Math.max(1, Math.min(o.batchSize, n)));
    const C = (this.C = B + o.uniformNegatives);
    // Expected times item i is among a batch's C candidates: B draws by popularity, M uniform ones.
    this.logQ = Float64Array.from(counts, (c) =>
      o.logQ ? Math.log((B * Math.max(c, 1)) / n + o.uniformNegatives / data.nItems) : 0,
    );
    this.U = new Float64Array(B * dim);
    this.V = new Float64Array(C * dim);
    this.uNorm = new Float64Array(B);
    this.vNorm = new Float64Array(C);
    this.cBias = new Float64Array(C);
    this.logits = new Float64Array(B * C);
    this.dU = new Float64Array(B * dim);
    this.dV = new Float64Array(C * dim);
    this.x = new Float64Array(dim);
    this.g = new Float64Array(dim);
    this.bUser = new Int32Array(B);
    this.bItem = new Int32Array(C);
    this.bDrop = new Uint8Array(C);
    this.histStart = new Int32Array(B + 1);
    let longest = 1;
    for (let u = 0; u < data.nUsers; u++)
      longest = Math.max(longest, this.history.offsets[u + 1]! - this.history.offsets[u]!);
    this.histPool = new Int32Array(B * Math.min(longest, o.maxHistory));
    this.scratch = new Int32Array(longest);
    this.stamp = new Int32Array(data.nItems);
  }

  /** Uniform in [0, 1): xorshift32, seeded from the main generator (cheap enough for the hot loop). */
  rand(): number {
    let s = this.state;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s >>> 0;
    return this.state / 4294967296;
  }

  model(): TwoTowerModel {
    return {
      kind: "two-tower",
      dim: this.o.dim,
      nUsers: this.data.nUsers,
      nItems: this.data.nItems,
      temperature: this.o.temperature,
      userEmbedding: this.P ? this.P.values : null,
      historyEmbedding: this.Q.values,
      itemEmbedding: this.E.values,
      itemFeatureEmbedding: this.IF ? this.IF.values : null,
      itemBias: this.bias ? this.bias.values : null,
      itemFeatureBias: this.featureBias ? this.featureBias.values : null,
      userFeatureEmbedding: this.UF ? this.UF.values : null,
      itemFeatures: this.itemFeatures,
      userFeatures: this.userFeatures,
      historyOffsets: this.history.offsets,
      historyItems: this.history.cols,
    };
  }

  /**
   * One training example's history: the user's items minus the target, each dropped with probability
   * `historyDropout` (at least one kept), at most `maxHistory` of them; appended to histPool at `pool`.
   */
  sampleHistory(u: number, target: number, pool: number): number {
    const { offsets, cols } = this.history;
    const scratch = this.scratch;
    const dropout = this.o.historyDropout;
    const from = offsets[u]!,
      to = offsets[u + 1]!;
    let m = 0;
    for (let p = from; p < to; p++) {
      const h = cols[p]!;
      if (h !== target && (dropout === 0 || this.rand() >= dropout)) scratch[m++] = h;
    }
    if (m === 0 && to - from > 1) {
      let h = target;
      while (h === target) h = cols[from + Math.floor(this.rand() * (to - from))]!;
      scratch[m++] = h;
    }
    const take = Math.min(m, this.o.maxHistory);
    for (let s = 0; s < take; s++) {
      const j = s + Math.floor(this.rand() * (m - s));
      const t = scratch[s]!;
      scratch[s] = scratch[j]!;
      scratch[j] = t;
      this.histPool[pool++] = scratch[s]!;
    }
    return pool;
  }

  /** Both towers for the batch's examples (rows order[start..start+B) of the interactions). */
  forward(order: Int32Array, start: number): void {
    const { B, x, U, V, P, Q, E, IF, UF, itemFeatures, userFeatures } = this;
    const dim = this.o.dim;
    let pool = 0;
    for (let b = 0; b < B; b++) {
      const row = order[start + b]!;
      const u = this.data.users[row]!,
        item = this.data.items[row]!;
      this.bUser[b] = u;
      this.bItem[b] = item;
      this.histStart[b] = pool;
      pool = this.sampleHistory(u, item, pool);
      this.histStart[b + 1] = pool;

      x.fill(0);
      if (P) for (let k = 0, o = u * dim; k < dim; k++) x[k] = P.values[o + k]!;
      const h0 = this.histStart[b]!;
      if (pool > h0) {
        const w = 1 / (pool - h0);
        const q = Q.values;
        for (let p = h0; p < pool; p++) {
          const o = this.histPool[p]! * dim;
          for (let k = 0; k < dim; k++) x[k]! += w * q[o + k]!;
        }
      }
      if (UF && userFeatures) addFeatureMean(x, UF.values, userFeatures, u, dim);
      this.uNorm[b] = normalise(x, U, b * dim, dim);
    }
    for (let c = B; c < this.C; c++) this.bItem[c] = Math.floor(this.rand() * this.data.nItems);
    for (let c = 0; c < this.C; c++) {
      const item = this.bItem[c]!;
      x.fill(0);
      const hasFeatures =
        itemFeatures !== null && itemFeatures.offsets[item + 1]! > itemFeatures.offsets[item]!;
      this.bDrop[c] = hasFeatures && this.o.itemIdDropout > 0 && this.rand() < this.o.itemIdDropout ? 1 : 0;
      if (!this.bDrop[c]) for (let k = 0, o = item * dim; k < dim; k++) x[k] = E.values[o + k]!;
      if (IF && itemFeatures) addFeatureMean(x, IF.values, itemFeatures, item, dim);
      this.vNorm[c] = normalise(x, V, c * dim, dim);
      if (this.bias) {
        let b = this.bDrop[c] ? 0 : this.bias.values[item]!;
        if (this.featureBias && itemFeatures) {
          const f0 = itemFeatures.offsets[item]!,
            f1 = itemFeatures.offsets[item + 1]!;
          for (let p = f0; p < f1; p++) b += this.featureBias.values[itemFeatures.indices[p]!]! / (f1 - f0);
        }
        this.cBias[c] = b;
      }
    }
  }

  /**
   * In-batch logits u_b · v_c / τ - log Q(item_c), with the row's own item elsewhere in the batch (and,
   * with maskHistory, the user's other items) masked; softmax cross-entropy against the diagonal. Leaves
   * dLoss/dlogit (the batch mean) in `logits` and returns the summed loss.
   */
  softmax(): number {
    const { B, C, U, V, logits, bItem, bUser, logQ, cBias } = this;
    const { offsets, cols } = this.history;
    const dim = this.o.dim;
    const tau = this.o.temperature;
    const maskHistory = this.o.maskHistory;
    let loss = 0;
    for (let b = 0; b < B; b++) {
      const ob = b * dim,
        row = b * C;
      const own = bItem[b]!,
        u = bUser[b]!;
      // Stamp the user's items so the mask below is one lookup per candidate.
      if (this.tag === 2 ** 30) {
        this.stamp.fill(0);
        this.tag = 0;
      }
      const tag = ++this.tag;
      if (maskHistory) for (let p = offsets[u]!; p < offsets[u + 1]!; p++) this.stamp[cols[p]!] = tag;
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        const item = bItem[c]!;
        let z: number;
        if (c !== b && (item === own || this.stamp[item] === tag)) {
          z = -Infinity;
        } else {
          z = dot(U, ob, V, c * dim, dim) / tau + cBias[c]! - logQ[item]!;
        }
        logits[row + c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(logits[row + c]! - max);
        logits[row + c] = e;
        sum += e;
      }
      loss -= Math.log(Math.max(logits[row + b]! / sum, 1e-30));
      const scale = 1 / (B * tau); // the batch mean, and the 1/τ of the logits folded in
      for (let c = 0; c < C; c++) logits[row + c] = (logits[row + c]! / sum - (c === b ? 1 : 0)) * scale;
    }
    return loss;
  }

  /** Gradients into the normalised vectors (dU = G V, dV = Gᵀ U), through the normalisation, into the tables. */
  backward(): void {
    const { B, C, U, V, dU, dV, g, P, Q, E, IF, UF, itemFeatures, userFeatures } = this;
    const dim = this.o.dim;
    matmul(this.logits, false, V, dU, B, C, dim);
    matmul(this.logits, true, U, dV, C, B, dim);
    for (let b = 0; b < B; b++) {
      // A user with nothing to embed (one interaction, no id, no features) has a zero vector: no gradient.
      if (this.uNorm[b] === 0) continue;
      const ob = b * dim;
      // d(x/|x|)/dx = (I - v vᵀ) / |x|.
      const d = dot(dU, ob, U, ob, dim);
      for (let k = 0; k < dim; k++) g[k] = (dU[ob + k]! - d * U[ob + k]!) / this.uNorm[b]!;
      const u = this.bUser[b]!;
      if (P) P.addGrad(u, g, 1);
      const h0 = this.histStart[b]!,
        h1 = this.histStart[b + 1]!;
      for (let p = h0; p < h1; p++) Q.addGrad(this.histPool[p]!, g, 1 / (h1 - h0));
      if (UF && userFeatures) {
        const f0 = userFeatures.offsets[u]!,
          f1 = userFeatures.offsets[u + 1]!;
        for (let p = f0; p < f1; p++) UF.addGrad(userFeatures.indices[p]!, g, 1 / (f1 - f0));
      }
    }
    const tau = this.o.temperature;
    for (let c = 0; c < C; c++) {
      const oc = c * dim;
      if (this.bias) {
        // dLoss/dbias_c = Σ_b dLoss/dz_bc, and the logits buffer holds dLoss/dz / τ.
        let sum = 0;
        for (let b = 0; b < B; b++) sum += this.logits[b * C + c]!;
        this.g1[0] = sum * tau;
        const item = this.bItem[c]!;
        if (!this.bDrop[c]) this.bias.addGrad(item, this.g1, 1);
        if (this.featureBias && itemFeatures) {
          const f0 = itemFeatures.offsets[item]!,
            f1 = itemFeatures.offsets[item + 1]!;
          for (let p = f0; p < f1; p++)
            this.featureBias.addGrad(itemFeatures.indices[p]!, this.g1, 1 / (f1 - f0));
        }
      }
      if (this.vNorm[c] === 0) continue;
      const d = dot(dV, oc, V, oc, dim);
      for (let k = 0; k < dim; k++) g[k] = (dV[oc + k]! - d * V[oc + k]!) / this.vNorm[c]!;
      const item = this.bItem[c]!;
      if (!this.bDrop[c]) E.addGrad(item, g, 1);
      if (IF && itemFeatures) {
        const f0 = itemFeatures.offsets[item]!,
          f1 = itemFeatures.offsets[item + 1]!;
        for (let p = f0; p < f1; p++) IF.addGrad(itemFeatures.indices[p]!, g, 1 / (f1 - f0));
      }
    }
  }

  update(totalSteps: number): void {
    this.step++;
    const lr = this.o.decay
      ? this.o.learningRate * Math.max(0, 1 - this.step / totalSteps)
      : this.o.learningRate;
    for (const table of [this.P, this.Q, this.E, this.IF, this.UF])
      table?.step(lr, this.step, this.o.weightDecay);
    this.bias?.step(lr, this.step, 0);
    this.featureBias?.step(lr, this.step, 0);
  }
}

export function trainTwoTower(data: TwoTowerData, options: TwoTowerOptions = {}): TwoTowerModel {
  const trainer = new Trainer(data, options);
  const n = data.users.length;
  const B = trainer.B;
  const epochs = trainer.o.epochs;
  const totalSteps = epochs * Math.floor(n / B);
  const order = Int32Array.from({ length: n }, (_, r) => r);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let r = n - 1; r > 0; r--) {
      const j = Math.floor(trainer.rand() * (r + 1));
      const t = order[r]!;
      order[r] = order[j]!;
      order[j] = t;
    }
    let loss = 0,
      batches = 0;
    // The last partial batch of each epoch is skipped (it is a different one each epoch).
    for (let start = 0; start + B <= n; start += B) {
      trainer.forward(order, start);
      loss += trainer.softmax();
      trainer.backward();
      trainer.update(totalSteps);
      batches++;
    }
    options.onEpoch?.(epoch, batches ? loss / (batches * B) : 0, trainer.model());
  }
  return trainer.model();
}

/**
 * A user's normalised vector from any history (training items by default), the id embedding when `user`
 * is a known index (null for a new user) and, when the model has user features, the given feature indices.
 */
export function embedUser(
  model: TwoTowerModel,
  user: number | null,
  history?: ArrayLike<number>,
  features?: ArrayLike<number>,
): Float32Array {
  const dim = model.dim;
  const x = new Float64Array(dim);
  if (user !== null && model.userEmbedding)
    for (let k = 0; k < dim; k++) x[k] = model.userEmbedding[user * dim + k]!;
  const items =
    history ??
    (user !== null
      ? model.historyItems.subarray(model.historyOffsets[user]!, model.historyOffsets[user + 1]!)
      : []);
  if (items.length > 0) {
    const w = 1 / items.length;
    for (let h = 0; h < items.length; h++) {
      const o = items[h]! * dim;
      for (let k = 0; k < dim; k++) x[k]! += w * model.historyEmbedding[o + k]!;
    }
  }
  if (model.userFeatureEmbedding && model.userFeatures) {
    if (features) addMean(x, model.userFeatureEmbedding, features, dim);
    else if (user !== null) addFeatureMean(x, model.userFeatureEmbedding, model.userFeatures, user, dim);
  }
  const out = new Float64Array(dim);
  normalise(x, out, 0, dim);
  return Float32Array.from(out);
}

/**
 * A known item's normalised vector: id embedding plus side features, or with `featuresOnly` its side
 * features alone (what a new item would get). Throws for `featuresOnly` without item features.
 */
export function embedItem(model: TwoTowerModel, item: number, featuresOnly = false): Float32Array {
  const dim = model.dim;
  const x = new Float64Array(dim);
  if (!featuresOnly) for (let k = 0; k < dim; k++) x[k] = model.itemEmbedding[item * dim + k]!;
  if (model.itemFeatureEmbedding && model.itemFeatures)
    addFeatureMean(x, model.itemFeatureEmbedding, model.itemFeatures, item, dim);
  else if (featuresOnly) throw new Error("this model has no item features");
  const out = new Float64Array(dim);
  normalise(x, out, 0, dim);
  return Float32Array.from(out);
}

/**
 * A new item (cold start: no id embedding, no interactions) from its side-feature indices alone: its
 * normalised vector and the score offset (τ x mean feature bias) to add to u · vector.
 */
export function embedNewItem(
  model: TwoTowerModel,
  features: ArrayLike<number>,
): { vector: Float32Array; offset: number } {
  if (!model.itemFeatureEmbedding)
    throw new Error("this model has no item features to embed a new item from");
  if (features.length === 0) throw new Error("a new item needs at least one side feature");
  const dim = model.dim;
  const x = new Float64Array(dim);
  addMean(x, model.itemFeatureEmbedding, features, dim);
  const out = new Float64Array(dim);
  normalise(x, out, 0, dim);
  let bias = 0;
  if (model.itemFeatureBias)
    for (let p = 0; p < features.length; p++) bias += model.itemFeatureBias[features[p]!]!;
  return { vector: Float32Array.from(out), offset: (model.temperature * bias) / features.length };
}

function addMean(x: Float64Array, table: Float32Array, features: ArrayLike<number>, dim: number): void {
  if (features.length === 0) return;
  const w = 1 / features.length;
  for (let p = 0; p < features.length; p++) {
    const o = features[p]! * dim;
    for (let k = 0; k < dim; k++) x[k]! += w * table[o + k]!;
  }
}

/** Every known item's normalised vector, rows x dim. */
export function itemMatrix(model: TwoTowerModel): Float32Array {
  const out = new Float32Array(model.nItems * model.dim);
  for (let i = 0; i < model.nItems; i++) out.set(embedItem(model, i), i * model.dim);
  return out;
}

/** Dot products of one user vector with item vectors (rows x dim) into `out`: cosines for unit vectors. */
export function scoreAll(userVector: Float32Array, items: Float32Array, out: Float32Array): void {
  const dim = userVector.length;
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    const o = i * dim;
    for (let k = 0; k < dim; k++) s += userVector[k]! * items[o + k]!;
    out[i] = s;
  }
}

/**
 * The model's score for every known item: u · v plus, with item biases, τ · b_i (the training logit times
 * τ, so a model without biases scores plain cosines). `items` is itemMatrix(model).
 */
export function itemScores(
  model: TwoTowerModel,
  userVector: Float32Array,
  items: Float32Array,
  out: Float32Array,
): void {
  scoreAll(userVector, items, out);
  if (!model.itemBias) return;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + itemOffset(model, i);
}

/** A known item's score offset: τ · (its bias + the mean bias of its features); 0 without item biases. */
export function itemOffset(model: TwoTowerModel, item: number): number {
  if (!model.itemBias) return 0;
  let b = model.itemBias[item]!;
  if (model.itemFeatureBias && model.itemFeatures) {
    const f0 = model.itemFeatures.offsets[item]!,
      f1 = model.itemFeatures.offsets[item + 1]!;
    for (let p = f0; p < f1; p++) b += model.itemFeatureBias[model.itemFeatures.indices[p]!]! / (f1 - f0);
  }
  return model.temperature * b;
}
