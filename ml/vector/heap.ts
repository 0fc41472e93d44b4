import type { SearchHit } from "./vector-index.ts";

/**
 * A binary min-heap of (id, score) pairs over typed arrays, so a scan of 100,000 rows allocates nothing.
 * The root is the worst pair: the lowest score, and among equal scores the highest id. Bounded to k it keeps
 * the best k; holding negated scores it serves as the max-heap of an HNSW candidate queue.
 */
export class ScoredHeap {
  private ids: Int32Array;
  private scores: Float64Array;
  size = 0;

  constructor(capacity = 16) {
    this.ids = new Int32Array(Math.max(1, capacity));
    this.scores = new Float64Array(Math.max(1, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  topId(): number {
    return this.ids[0]!;
  }

  topScore(): number {
    return this.scores[0]!;
  }

  /** True when (id, score) would rank above the root, so it belongs in a full bounded heap. */
  beatsTop(id: number, score: number): boolean {
    const s = this.scores[0]!;
    return score > s || (score === s && id < this.ids[0]!);
  }

  push(id: number, score: number): void {
    if (this.size === this.ids.length) this.grow();
    let i = this.size++;
    // Sift up: move worse-than-us parents down until our slot is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(id, score, this.ids[parent]!, this.scores[parent]!)) break;
      this.ids[i] = this.ids[parent]!;
      this.scores[i] = this.scores[parent]!;
      i = parent;
    }
    this.ids[i] = id;
    this.scores[i] = score;
  }

  /** Pushes, then drops the root if the heap holds more than `limit`: a bounded best-`limit` set. */
  offer(id: number, score: number, limit: number): void {
    if (this.size < limit) this.push(id, score);
    else if (this.beatsTop(id, score)) this.replaceTop(id, score);
  }

  pop(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(this.ids[last]!, this.scores[last]!);
  }

  replaceTop(id: number, score: number): void {
    this.siftDown(id, score);
  }

  /** Empties the heap into the two arrays, best first; returns how many it wrote. Allocates nothing. */
  drainInto(ids: Int32Array, scores: Float64Array): number {
    const n = this.size;
    for (let i = n - 1; i >= 0; i--) {
      ids[i] = this.ids[0]!;
      scores[i] = this.scores[0]!;
      this.pop();
    }
    return n;
  }

  /** Empties the heap into hits, best first (descending score, ties by ascending id). */
  drain(): SearchHit[] {
    const out: SearchHit[] = new Array<SearchHit>(this.size);
    for (let i = this.size - 1; i >= 0; i--) {
      out[i] = { id: this.ids[0]!, score: this.scores[0]! };
      this.pop();
    }
    return out;
  }

  private siftDown(id: number, score: number): void {
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && worse(this.ids[right]!, this.scores[right]!, this.ids[child]!, this.scores[child]!)) {
        child = right;
      }
      if (!worse(this.ids[child]!, this.scores[child]!, id, score)) break;
      this.ids[i] = this.ids[child]!;
      this.scores[i] = this.scores[child]!;
      i = child;
    }
    this.ids[i] = id;
    this.scores[i] = score;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    const scores = new Float64Array(this.scores.length * 2);
    ids.set(this.ids);
    scores.set(this.scores);
    this.ids = ids;
    this.scores = scores;
  }
}

/** Heap order: a sits nearer the root than b. */
function worse(aId: number, aScore: number, bId: number, bScore: number): boolean {
  return aScore < bScore || (aScore === bScore && aId > bId);
}
