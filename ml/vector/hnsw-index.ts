import { createRandom } from "../random.ts";
import { ScoredHeap } from "./heap.ts";
import {
  checkFinite,
  checkMatrix,
  checkQuery,
  dot,
  type SearchHit,
  type SearchOptions,
  type VectorIndex,
} from "./vector-index.ts";

/**
 * HNSW (Malkov & Yashunin, "Efficient and robust approximate nearest neighbor search using Hierarchical
 * Navigable Small World graphs", 2018), written here because no maintained pure-JavaScript implementation
 * exists and pgvector is not available. Similarity is the inner product, which for the normalised embeddings
 * this module gets is the cosine and ranks exactly as L2 distance does, so the paper's algorithms carry over
 * with "closer" meaning "higher score".
 *
 * Layout: every node has a level drawn from a seeded geometric distribution. Layer 0 holds every node with up
 * to 2M links; layer l > 0 holds the nodes of level >= l with up to M links. Links live in flat Int32Arrays
 * as fixed-size blocks [count, id, id, ...], so the built graph is a handful of typed arrays that serialise
 * as they are; the vectors themselves stay in the caller's packed matrix.
 *
 * Exact copies of a row (items with the same embedding: identical texts, a placeholder for missing ones) are
 * folded into the first row that has that vector: only it enters the graph, and a search that reaches it
 * considers all its copies. Inserted as nodes, copies tie in every comparison of the neighbour heuristic, a
 * large group links only to itself and becomes a trap no search leaves (qdrant PR #10239 describes the same);
 * pruning ties instead leaves most copies with no in-links, unreachable once the reachable ones are excluded.
 */
export interface HnswOptions {
  /** Links per node on the upper layers (layer 0 keeps 2M). Default 16. */
  M?: number;
  /** Candidate list size while inserting: higher builds a better graph, more slowly. Default 200. */
  efConstruction?: number;
  /** Default candidate list size while searching (raised to k when k is larger). Default 64. */
  efSearch?: number;
  /** Seed for the level draws: the same seed and matrix build the same graph. Default 1. */
  seed?: number;
}

export interface HnswSearchOptions extends SearchOptions {
  /** Overrides the index's efSearch for this query: recall against latency. */
  efSearch?: number;
}

interface Graph {
  M: number;
  efConstruction: number;
  efSearch: number;
  levels: Uint8Array;
  base: Int32Array;
  upper: Int32Array;
  /** Per row, the next row with the identical vector (chains ascend by id), or -1. */
  nextCopy: Int32Array;
  maxLevel: number;
  entry: number;
}

/** Level cap: the expected top level is log_M(n), about 4 for a million rows at M = 16. */
const MAX_LEVEL = 32;
const MAGIC = 0x57534e48; // "HNSW" read as little-endian bytes
const VERSION = 1;
const HEADER_BYTES = 48;
const FINGERPRINT_AT = 40;

export class HnswIndex implements VectorIndex {
  readonly kind = "hnsw";
  readonly size: number;
  readonly M: number;
  readonly efConstruction: number;
  readonly efSearch: number;
  private readonly maxLinks0: number;
  private readonly levels: Uint8Array;
  /** Per node, where its layer-1 block starts in `upper` (layers 2, 3, ... follow); unused at level 0. */
  private readonly upperOffset: Int32Array;
  private readonly base: Int32Array;
  private readonly upper: Int32Array;
  private readonly nextCopy: Int32Array;
  private maxLevel: number;
  private entry: number;
  /** Visit marks stamped with a per-search number, so no search has to clear an n-sized array. */
  private readonly visited: Uint32Array;
  private visitMark = 0;
  /** Best-ef results so far (a bounded min-heap) and the frontier to expand (a max-heap by negated score). */
  private readonly top = new ScoredHeap(256);
  private readonly frontier = new ScoredHeap(256);

  private constructor(
    readonly matrix: Float32Array,
    readonly dim: number,
    graph: Graph,
  ) {
    this.size = matrix.length / dim;
    this.M = graph.M;
    this.maxLinks0 = 2 * graph.M;
    this.efConstruction = graph.efConstruction;
    this.efSearch = graph.efSearch;
    this.levels = graph.levels;
    this.base = graph.base;
    this.upper = graph.upper;
    this.nextCopy = graph.nextCopy;
    this.maxLevel = graph.maxLevel;
    this.entry = graph.entry;
    this.upperOffset = new Int32Array(this.size);
    for (let i = 0, off = 0; i < this.size; i++) {
      this.upperOffset[i] = off;
      off += this.levels[i]! * (this.M + 1);
    }
    this.visited = new Uint32Array(this.size);
  }

  /**
   * Inserts the rows in order (Algorithm 1), each exact copy folded into the first row with its vector.
   * Roughly O(n · efConstruction · M · dim): for 100,000 rows of dim 64 at the defaults, about 1 minute on
   * embedding-like data and 3 on uniform random data (a busy 2-core machine), which is why a reindex job
   * builds it and processes load the result. The matrix is kept by reference, not copied.
   */
  static build(matrix: Float32Array, dim: number, options: HnswOptions = {}): HnswIndex {
    checkMatrix(matrix, dim);
    checkFinite(matrix, "matrix");
    const { M = 16, efConstruction = 200, efSearch = 64, seed = 1 } = options;
    if (!Number.isInteger(M) || M < 2) throw new RangeError(`M must be an integer >= 2, got ${M}`);
    checkEf(efConstruction, "efConstruction");
    checkEf(efSearch, "efSearch");
    const n = matrix.length / dim;
    const nextCopy = findCopies(matrix, dim);
    const isCopy = new Uint8Array(n);
    for (const next of nextCopy) if (next >= 0) isCopy[next] = 1;
    // Level ~ floor(-ln(U) · mL) with mL = 1/ln(M): each layer keeps about 1/M of the one below (section 4.1).
    const random = createRandom(seed);
    const levels = new Uint8Array(n);
    let upperLength = 0;
    for (let i = 0; i < n; i++) {
      const level = Math.min(MAX_LEVEL, Math.floor(-Math.log(1 - random.next()) / Math.log(M)));
      levels[i] = isCopy[i] ? 0 : level; // a copy is never a node: it needs no upper-layer blocks
      upperLength += levels[i]! * (M + 1);
    }
    const index = new HnswIndex(matrix, dim, {
      M,
      efConstruction,
      efSearch,
      levels,
      base: new Int32Array(n * (2 * M + 1)),
      upper: new Int32Array(upperLength),
      nextCopy,
      maxLevel: -1,
      entry: -1,
    });
    const scratch = new BuildScratch(Math.max(efConstruction, 2 * M + 1));
    for (let i = 0; i < n; i++) if (!isCopy[i]) index.insert(i, scratch);
    return index;
  }

  /** Loads a graph written by `toBuffer` over the same matrix it was built from (checked by fingerprint). */
  static fromBuffer(bytes: Uint8Array, matrix: Float32Array): HnswIndex {
    if (bytes.length < HEADER_BYTES) throw new Error("HNSW buffer is too short");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const word = (i: number) => view.getInt32(i * 4, true);
    if (word(0) !== MAGIC) throw new Error("not an HNSW buffer");
    if (word(1) !== VERSION) throw new Error(`HNSW buffer version ${word(1)}, expected ${VERSION}`);
    const dim = word(2);
    const n = word(3);
    const M = word(4);
    const upperLength = word(9);
    checkMatrix(matrix, dim);
    if (matrix.length / dim !== n)
      throw new Error(`HNSW graph has ${n} rows, the matrix ${matrix.length / dim}`);
    if (view.getUint32(FINGERPRINT_AT, true) !== fingerprint(matrix)) {
      throw new Error("HNSW graph was built from a different matrix (fingerprint mismatch)");
    }
    const levelBytes = align4(n);
    const baseLength = n * (2 * M + 1);
    if (
      M < 2 ||
      upperLength < 0 ||
      bytes.length !== HEADER_BYTES + levelBytes + 4 * (baseLength + upperLength + n)
    ) {
      throw new Error("HNSW buffer length does not match its header");
    }
    // Copy rather than view: the bytes may sit at an offset that is not 4-aligned (a pooled Buffer, a bytea).
    let pos = HEADER_BYTES;
    const levels = new Uint8Array(bytes.subarray(pos, pos + n)); // Buffer#slice would be a view
    pos += levelBytes;
    const base = copyInt32(bytes, pos, baseLength);
    pos += 4 * baseLength;
    const upper = copyInt32(bytes, pos, upperLength);
    pos += 4 * upperLength;
    const nextCopy = copyInt32(bytes, pos, n);
    const graph: Graph = {
      M,
      efConstruction: word(5),
      efSearch: word(6),
      levels,
      base,
      upper,
      nextCopy,
      maxLevel: word(7),
      entry: word(8),
    };
    validateGraph(graph, n);
    return new HnswIndex(matrix, dim, graph);
  }

  /**
   * The graph, not the vectors, in native byte order (little-endian wherever Node runs): a header, then levels,
   * layer-0 links, upper-layer links and copy chains as they sit in memory.
   */
  toBuffer(): Uint8Array {
    const n = this.size;
    const levelBytes = align4(n);
    const arrays = [this.base, this.upper, this.nextCopy];
    const bytes = new Uint8Array(
      HEADER_BYTES + levelBytes + arrays.reduce((sum, a) => sum + a.byteLength, 0),
    );
    const view = new DataView(bytes.buffer);
    // Words 0-9 as fromBuffer reads them; word 10 is the matrix fingerprint, word 11 is spare.
    const header = [
      MAGIC,
      VERSION,
      this.dim,
      n,
      this.M,
      this.efConstruction,
      this.efSearch,
      this.maxLevel,
      this.entry,
      this.upper.length,
    ];
    header.forEach((value, i) => view.setInt32(i * 4, value, true));
    view.setUint32(FINGERPRINT_AT, fingerprint(this.matrix), true);
    let pos = HEADER_BYTES;
    bytes.set(this.levels, pos);
    pos += levelBytes;
    for (const a of arrays) {
      bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), pos);
      pos += a.byteLength;
    }
    return bytes;
  }

  /**
   * Greedy descent through the upper layers, then a best-first search of layer 0 with ef = max(efSearch, k)
   * (Algorithm 5). Excluded rows are still walked through, since they connect the graph, but never kept, and
   * the walk only stops once ef allowed rows are held or the frontier runs dry: when nearly every row is
   * excluded it approaches a walk of the whole graph. Not re-entrant: `exclude` must not search this index.
   */
  search(query: Float32Array, k: number, options: HnswSearchOptions = {}): SearchHit[] {
    checkQuery(query, this.dim, k);
    const limit = Math.min(k, this.size);
    if (limit === 0) return [];
    const efSearch = options.efSearch ?? this.efSearch;
    checkEf(efSearch, "efSearch");
    let ep = this.entry;
    for (let layer = this.maxLevel; layer > 0; layer--) ep = this.greedy(query, 0, ep, layer);
    this.searchLayer(query, 0, ep, Math.max(efSearch, limit), 0, true, options.exclude);
    while (this.top.size > limit) this.top.pop();
    return this.top.drain();
  }

  /** Algorithm 1: find the node's neighbours top-down and link it in both directions on each of its layers. */
  private insert(q: number, scratch: BuildScratch): void {
    const level = this.levels[q]!;
    if (this.entry < 0) {
      this.entry = q;
      this.maxLevel = level;
      return;
    }
    const { matrix } = this;
    const qOff = q * this.dim;
    let ep = this.entry;
    for (let layer = this.maxLevel; layer > level; layer--) ep = this.greedy(matrix, qOff, ep, layer);
    for (let layer = Math.min(level, this.maxLevel); layer >= 0; layer--) {
      this.searchLayer(matrix, qOff, ep, this.efConstruction, layer, false, undefined);
      const found = this.top.drainInto(scratch.ids, scratch.scores);
      // The nearest found seeds the next layer down (as hnswlib does; the paper passes all of W).
      ep = scratch.ids[0]!;
      const kept = this.selectNeighbours(scratch.ids, scratch.scores, found, this.M);
      const links = layer === 0 ? this.base : this.upper;
      const off = this.linkOffset(q, layer);
      links[off] = kept;
      links.set(scratch.ids.subarray(0, kept), off + 1);
      for (let i = 0; i < kept; i++) this.linkBack(scratch.ids[i]!, q, layer, scratch);
    }
    if (level > this.maxLevel) {
      this.maxLevel = level;
      this.entry = q;
    }
  }

  /** Adds q to e's links; when e is full, re-selects e's links from the old ones plus q by the heuristic. */
  private linkBack(e: number, q: number, layer: number, scratch: BuildScratch): void {
    const links = layer === 0 ? this.base : this.upper;
    const cap = layer === 0 ? this.maxLinks0 : this.M;
    const off = this.linkOffset(e, layer);
    const count = links[off]!;
    if (count < cap) {
      links[off + 1 + count] = q;
      links[off] = count + 1;
      return;
    }
    const { matrix, dim } = this;
    const ids = scratch.shrinkIds;
    const scores = scratch.shrinkScores;
    for (let i = 0; i < count; i++) ids[i] = links[off + 1 + i]!;
    ids[count] = q;
    for (let i = 0; i <= count; i++) scores[i] = dot(matrix, ids[i]! * dim, matrix, e * dim, dim);
    sortByScore(ids, scores, count + 1);
    const kept = this.selectNeighbours(ids, scores, count + 1, cap);
    links[off] = kept;
    links.set(ids.subarray(0, kept), off + 1);
  }

  /**
   * Algorithm 4 (the heuristic, without extending or keeping pruned candidates, as hnswlib does): walk the
   * candidates best first and keep one only if it is closer to the base node than to every neighbour kept so
   * far. Links then point in diverse directions, which keeps clustered data connected. Compacts the kept
   * candidates to the front of `ids` and `scores` (best first) and returns how many there are.
   */
  private selectNeighbours(ids: Int32Array, scores: Float64Array, count: number, max: number): number {
    const { matrix, dim } = this;
    let kept = 0;
    for (let i = 0; i < count && kept < max; i++) {
      const c = ids[i]!;
      const toBase = scores[i]!;
      let diverse = true;
      for (let j = 0; j < kept && diverse; j++) {
        // Closer to a kept neighbour than to the base: that neighbour already leads the way to c.
        diverse = dot(matrix, c * dim, matrix, ids[j]! * dim, dim) <= toBase;
      }
      if (diverse) {
        ids[kept] = c;
        scores[kept++] = toBase;
      }
    }
    return kept;
  }

  /** Search with ef = 1 on an upper layer: move to the best neighbour until none improves. */
  private greedy(q: Float32Array, qOff: number, ep: number, layer: number): number {
    const { matrix, dim } = this;
    const links = layer === 0 ? this.base : this.upper;
    let best = ep;
    let bestScore = dot(matrix, ep * dim, q, qOff, dim);
    for (let moved = true; moved;) {
      moved = false;
      const off = this.linkOffset(best, layer);
      const count = links[off]!;
      for (let i = 1; i <= count; i++) {
        const e = links[off + i]!;
        const s = dot(matrix, e * dim, q, qOff, dim);
        if (s > bestScore) {
          best = e;
          bestScore = s;
          moved = true;
        }
      }
    }
    return best;
  }

  /**
   * Algorithm 2: best-first search of one layer from ep, leaving the best ef nodes in `this.top`. With
   * `rows` set (queries, not insertions) what is kept are rows: each node reached offers itself and its
   * copies, less the excluded ones.
   */
  private searchLayer(
    q: Float32Array,
    qOff: number,
    ep: number,
    ef: number,
    layer: number,
    rows: boolean,
    exclude: ((id: number) => boolean) | undefined,
  ): void {
    const { matrix, dim, top, frontier, visited } = this;
    const links = layer === 0 ? this.base : this.upper;
    const mark = this.nextVisitMark();
    top.clear();
    frontier.clear();
    const epScore = dot(matrix, ep * dim, q, qOff, dim);
    visited[ep] = mark;
    frontier.push(ep, -epScore);
    this.keep(ep, epScore, ef, rows, exclude);
    while (frontier.size > 0) {
      const c = frontier.topId();
      // The best unexpanded node is worse than the worst result held: nothing further can improve them.
      if (top.size >= ef && -frontier.topScore() < top.topScore()) break;
      frontier.pop();
      const off = this.linkOffset(c, layer);
      const count = links[off]!;
      for (let i = 1; i <= count; i++) {
        const e = links[off + i]!;
        if (visited[e] === mark) continue;
        visited[e] = mark;
        const s = dot(matrix, e * dim, q, qOff, dim);
        if (top.size < ef || s >= top.topScore()) {
          frontier.push(e, -s);
          this.keep(e, s, ef, rows, exclude);
        }
      }
    }
  }

  private keep(
    node: number,
    score: number,
    ef: number,
    rows: boolean,
    exclude: ((id: number) => boolean) | undefined,
  ): void {
    if (!rows) {
      this.top.offer(node, score, ef);
      return;
    }
    for (let row = node; row >= 0; row = this.nextCopy[row]!) {
      if (!exclude?.(row)) this.top.offer(row, score, ef);
    }
  }

  private linkOffset(node: number, layer: number): number {
    return layer === 0 ? node * (this.maxLinks0 + 1) : this.upperOffset[node]! + (layer - 1) * (this.M + 1);
  }

  private nextVisitMark(): number {
    if (this.visitMark === 0xffffffff) {
      this.visited.fill(0);
      this.visitMark = 0;
    }
    return ++this.visitMark;
  }
}

/** Buffers reused across insertions, so building allocates nothing per row. */
class BuildScratch {
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  readonly shrinkIds: Int32Array;
  readonly shrinkScores: Float64Array;

  constructor(size: number) {
    this.ids = new Int32Array(size);
    this.scores = new Float64Array(size);
    this.shrinkIds = new Int32Array(size);
    this.shrinkScores = new Float64Array(size);
  }
}

/** Insertion sort, best first: at most 2M + 1 entries, where it beats a general sort. */
function sortByScore(ids: Int32Array, scores: Float64Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const id = ids[i]!;
    const score = scores[i]!;
    let j = i - 1;
    while (j >= 0 && (scores[j]! < score || (scores[j] === score && ids[j]! > id))) {
      ids[j + 1] = ids[j]!;
      scores[j + 1] = scores[j]!;
      j--;
    }
    ids[j + 1] = id;
    scores[j + 1] = score;
  }
}

function checkEf(ef: number, name: string): void {
  if (!Number.isInteger(ef) || ef < 1) throw new RangeError(`${name} must be a positive integer, got ${ef}`);
}

/** FNV-1a over the matrix's 32-bit words: catches a graph loaded over a matrix it was not built from. */
export function fingerprint(matrix: Float32Array): number {
  const words = new Uint32Array(matrix.buffer, matrix.byteOffset, matrix.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h >>> 0;
}

/** Chains each row to the next row with the identical vector: FNV hash of the row's words, then compare. */
function findCopies(matrix: Float32Array, dim: number): Int32Array {
  const n = matrix.length / dim;
  const words = new Uint32Array(matrix.buffer, matrix.byteOffset, matrix.length);
  const next = new Int32Array(n).fill(-1);
  const tail = new Int32Array(n); // per first row of a group, the last row chained so far
  const firstRows = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = i * dim; j < (i + 1) * dim; j++) {
      // -0 equals 0 as a number, so it must hash as 0 too.
      h = Math.imul(h ^ (words[j] === 0x80000000 ? 0 : words[j]!), 0x01000193);
    }
    const candidates = firstRows.get(h);
    const first = candidates?.find((r) => sameRow(matrix, dim, r, i));
    if (first === undefined) {
      if (candidates) candidates.push(i);
      else firstRows.set(h, [i]);
      tail[i] = i;
    } else {
      next[tail[first]!] = i;
      tail[first] = i;
    }
  }
  return next;
}

function sameRow(matrix: Float32Array, dim: number, a: number, b: number): boolean {
  for (let j = 0; j < dim; j++) if (matrix[a * dim + j] !== matrix[b * dim + j]) return false;
  return true;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function copyInt32(bytes: Uint8Array, pos: number, length: number): Int32Array {
  const out = new Int32Array(length);
  new Uint8Array(out.buffer).set(bytes.subarray(pos, pos + 4 * length));
  return out;
}

/** A corrupt buffer must fail on load, not send a search out of bounds later. */
function validateGraph(graph: Graph, n: number): void {
  const { M, levels, base, upper, nextCopy, maxLevel, entry } = graph;
  if (!Number.isInteger(M) || M < 2 || graph.efConstruction < 1 || graph.efSearch < 1) {
    throw new Error("HNSW buffer has invalid parameters");
  }
  let top = -1;
  let upperLength = 0;
  for (let i = 0; i < n; i++) {
    if (levels[i]! > MAX_LEVEL) throw new Error(`HNSW node ${i} has level ${levels[i]}`);
    top = Math.max(top, levels[i]!);
    upperLength += levels[i]! * (M + 1);
  }
  if (upperLength !== upper.length) throw new Error("HNSW upper layers do not match the levels");
  if (n === 0 ? entry !== -1 : entry < 0 || entry >= n || levels[entry] !== maxLevel || maxLevel !== top) {
    throw new Error("HNSW entry point is invalid");
  }
  const checkBlocks = (links: Int32Array, cap: number) => {
    for (let off = 0; off < links.length; off += cap + 1) {
      const count = links[off]!;
      if (count < 0 || count > cap) throw new Error("HNSW link count out of range");
      for (let i = 1; i <= count; i++) {
        if (links[off + i]! < 0 || links[off + i]! >= n) throw new Error("HNSW link out of range");
      }
    }
  };
  checkBlocks(base, 2 * M);
  checkBlocks(upper, M);
  // Ascending chains cannot loop, so a search following them always ends.
  for (let i = 0; i < n; i++) {
    if (nextCopy[i] !== -1 && !(nextCopy[i]! > i && nextCopy[i]! < n))
      throw new Error("HNSW copy chain is invalid");
  }
}
