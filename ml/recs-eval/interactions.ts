import { createRandom } from "../random.ts";

/**
 * Implicit-feedback interactions for recommender evaluation.
 *
 * Protocol (the common MovieLens-100K "implicit" one, under which the published reference numbers were
 * measured): every rating, whatever its value, is one positive interaction between a user and an item;
 * nothing is a negative, and an unrated item is merely unobserved. The rating is kept alongside (and
 * `minRating` can drop low ones) but no model here reads it. A (user, item) pair rated twice counts once,
 * at its earliest timestamp.
 *
 * Users and items get dense indices 0..n-1 in order of first appearance in the file, so models work over
 * typed arrays; `userIds` / `itemIds` map back to the ids in the file.
 */
export interface InteractionSet {
  nUsers: number;
  nItems: number;
  /** Per interaction, parallel arrays. */
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  /** Seconds (or whatever unit the file uses); NaN when the file has no timestamp column. */
  timestamps: Float64Array;
}

export interface Interactions extends InteractionSet {
  userIds: string[];
  itemIds: string[];
  userIndex: Map<string, number>;
  itemIndex: Map<string, number>;
  /** Rows read as interactions before deduplication and filtering. */
  rows: number;
  /** Repeated (user, item) pairs merged into one interaction. */
  duplicates: number;
  /** Rows dropped by `minRating`. */
  belowMinRating: number;
  hasHeader: boolean;
  separator: string;
}

export interface ParseOptions {
  /** Keep only ratings >= this (default: keep every rating, the implicit protocol above). */
  minRating?: number;
}

/** The separator of a ratings line: "::" (MovieLens 1M/10M), tab (100K), else comma. */
function detectSeparator(line: string): string {
  if (line.includes("::")) return "::";
  if (line.includes("\t")) return "\t";
  if (line.includes(",")) return ",";
  if (/\s/.test(line.trim())) return " ";
  throw new Error(`cannot tell the separator of "${line.slice(0, 80)}"`);
}

/**
 * Parses `user,item,rating[,timestamp]` rows separated by tab, comma, "::" (or spaces), with or without a
 * header line (a first line whose rating column is not a number). User and item ids are opaque strings.
 * Throws on a malformed data row, naming its line.
 */
export function parseRatings(text: string, options: ParseOptions = {}): Interactions {
  const lines = text.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== "");
  if (first === undefined) throw new Error("the ratings file is empty");
  const separator = detectSeparator(first);
  const splitLine = (line: string) =>
    separator === " " ? line.trim().split(/\s+/) : line.split(separator).map((f) => f.trim());
  const firstFields = splitLine(first);
  const hasHeader = firstFields.length < 3 || !Number.isFinite(Number(firstFields[2]));

  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const pairIndex = new Map<string, number>();
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const timestamps: number[] = [];
  let rows = 0,
    duplicates = 0,
    belowMinRating = 0,
    headerSeen = !hasHeader;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === "") continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    const fields = splitLine(line);
    const rating = Number(fields[2]);
    const timestamp = fields.length > 3 && fields[3] !== "" ? Number(fields[3]) : NaN;
    if (fields.length < 3 || !fields[0] || !fields[1] || !Number.isFinite(rating))
      throw new Error(`line ${n + 1}: expected user, item, rating[, timestamp]: "${line.slice(0, 80)}"`);
    if (fields.length > 3 && fields[3] !== "" && !Number.isFinite(timestamp))
      throw new Error(`line ${n + 1}: the timestamp is not a number: "${line.slice(0, 80)}"`);
    rows++;
    if (options.minRating !== undefined && rating < options.minRating) {
      belowMinRating++;
      continue;
    }
    let u = userIndex.get(fields[0]);
    if (u === undefined) {
      u = userIds.length;
      userIndex.set(fields[0], u);
      userIds.push(fields[0]);
    }
    let i = itemIndex.get(fields[1]);
    if (i === undefined) {
      i = itemIds.length;
      itemIndex.set(fields[1], i);
      itemIds.push(fields[1]);
    }
    const key = `${u} ${i}`;
    const seen = pairIndex.get(key);
    if (seen !== undefined) {
      duplicates++;
      if (timestamp < timestamps[seen]!) {
        timestamps[seen] = timestamp;
        ratings[seen] = rating;
      }
      continue;
    }
    pairIndex.set(key, users.length);
    users.push(u);
    items.push(i);
    ratings.push(rating);
    timestamps.push(timestamp);
  }
  if (users.length === 0) throw new Error("the ratings file has no interactions");
  return {
    nUsers: userIds.length,
    nItems: itemIds.length,
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: Float32Array.from(ratings),
    timestamps: Float64Array.from(timestamps),
    userIds,
    itemIds,
    userIndex,
    itemIndex,
    rows,
    duplicates,
    belowMinRating,
    hasHeader,
    separator,
  };
}

/** The interactions at `rows`, in the same user and item index space. */
export function subset(set: InteractionSet, rows: ArrayLike<number>): InteractionSet {
  const n = rows.length;
  const out: InteractionSet = {
    nUsers: set.nUsers,
    nItems: set.nItems,
    users: new Int32Array(n),
    items: new Int32Array(n),
    ratings: new Float32Array(n),
    timestamps: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    out.users[k] = set.users[r]!;
    out.items[k] = set.items[r]!;
    out.ratings[k] = set.ratings[r]!;
    out.timestamps[k] = set.timestamps[r]!;
  }
  return out;
}

export interface Split {
  /** Both share the full set's user and item indices (an item may appear only in `test`). */
  train: InteractionSet;
  test: InteractionSet;
  /** How the split was made, for the report. */
  protocol: string;
}

/**
 * Per-interaction random split: each interaction lands in `train` with probability `trainFraction` (exactly
 * round(n * trainFraction) of them, chosen by a seeded shuffle). This is the "80/20 random" protocol of the
 * published ML-100K implicit numbers. A user can end up with no test interaction (then not scored) or no
 * training one (then scored from nothing but popularity-like signals).
 */
export function randomSplit(set: InteractionSet, trainFraction: number, seed: number): Split {
  if (!(trainFraction > 0 && trainFraction < 1)) throw new Error("trainFraction must be in (0, 1)");
  const n = set.users.length;
  const order = createRandom(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const cut = Math.round(n * trainFraction);
  const trainRows = order.slice(0, cut).sort((a, b) => a - b);
  const testRows = order.slice(cut).sort((a, b) => a - b);
  return {
    train: subset(set, trainRows),
    test: subset(set, testRows),
    protocol: `random per-interaction ${Math.round(trainFraction * 100)}/${Math.round((1 - trainFraction) * 100)} split, seed ${seed}`,
  };
}

/**
 * `count` random splits whose held-out parts are disjoint slices of `heldOutFraction` of the interactions
 * each (count x heldOutFraction <= 1; one seeded shuffle), for cross-fitting on a training set.
 */
export function disjointSplits(
  set: InteractionSet,
  heldOutFraction: number,
  count: number,
  seed: number,
): Split[] {
  if (!(heldOutFraction > 0 && heldOutFraction * count <= 1 + 1e-9))
    throw new Error("need 0 < heldOutFraction and heldOutFraction x count <= 1");
  const n = set.users.length;
  const order = createRandom(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const size = Math.round(n * heldOutFraction);
  return Array.from({ length: count }, (_, f) => {
    const held = new Uint8Array(n);
    for (let k = f * size; k < Math.min(n, (f + 1) * size); k++) held[order[k]!] = 1;
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let r = 0; r < n; r++) (held[r] ? testRows : trainRows).push(r);
    return {
      train: subset(set, trainRows),
      test: subset(set, testRows),
      protocol: `held-out slice ${f + 1} of ${count}, ${Math.round(heldOutFraction * 100)}% each, seed ${seed}`,
    };
  });
}

/**
 * Per-user temporal split: each user's interactions sorted by time (ties, and files without timestamps,
 * in file order); the latest round(n * (1 - trainFraction)) go to `test`, the rest to `train`, and a user
 * always keeps at least one training interaction.
 */
export function temporalSplit(set: InteractionSet, trainFraction: number): Split {
  if (!(trainFraction > 0 && trainFraction < 1)) throw new Error("trainFraction must be in (0, 1)");
  const lists = rowsByUser(set);
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let u = 0; u < set.nUsers; u++) {
    const rows = Array.from(lists.rows.subarray(lists.offsets[u]!, lists.offsets[u + 1]!));
    const t = (r: number) => (Number.isNaN(set.timestamps[r]!) ? 0 : set.timestamps[r]!);
    rows.sort((a, b) => t(a) - t(b) || a - b);
    const nTest = Math.min(rows.length - 1, Math.round(rows.length * (1 - trainFraction)));
    const cut = rows.length - Math.max(0, nTest);
    for (let k = 0; k < rows.length; k++) (k < cut ? trainRows : testRows).push(rows[k]!);
  }
  trainRows.sort((a, b) => a - b);
  testRows.sort((a, b) => a - b);
  return {
    train: subset(set, trainRows),
    test: subset(set, testRows),
    protocol: `temporal per-user split, latest ${Math.round((1 - trainFraction) * 100)}% of each user's interactions held out`,
  };
}

/** Row numbers grouped by user (CSR): user u's rows are rows[offsets[u]..offsets[u+1]), in file order. */
export function rowsByUser(set: InteractionSet): { offsets: Int32Array; rows: Int32Array } {
  const offsets = new Int32Array(set.nUsers + 1);
  for (let r = 0; r < set.users.length; r++) offsets[set.users[r]! + 1]!++;
  for (let u = 0; u < set.nUsers; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, set.nUsers);
  const rows = new Int32Array(set.users.length);
  for (let r = 0; r < set.users.length; r++) rows[fill[set.users[r]!]!++] = r;
  return { offsets, rows };
}

/** A sparse binary matrix in CSR form: row r's column indices are indices[offsets[r]..offsets[r+1]), sorted. */
export interface Csr {
  nRows: number;
  nCols: number;
  offsets: Int32Array;
  indices: Int32Array;
}

/** Each user's items, sorted ascending (the user x item binary matrix). */
export function userItems(set: InteractionSet): Csr {
  return toCsr(set.nUsers, set.nItems, set.users, set.items);
}

/** Each item's users, sorted ascending (the item x user binary matrix). */
export function itemUsers(set: InteractionSet): Csr {
  return toCsr(set.nItems, set.nUsers, set.items, set.users);
}

function toCsr(nRows: number, nCols: number, rowOf: Int32Array, colOf: Int32Array): Csr {
  const offsets = new Int32Array(nRows + 1);
  for (let k = 0; k < rowOf.length; k++) offsets[rowOf[k]! + 1]!++;
  for (let r = 0; r < nRows; r++) offsets[r + 1]! += offsets[r]!;
  const fill = offsets.slice(0, nRows);
  const indices = new Int32Array(rowOf.length);
  for (let k = 0; k < rowOf.length; k++) indices[fill[rowOf[k]!]!++] = colOf[k]!;
  for (let r = 0; r < nRows; r++) indices.subarray(offsets[r]!, offsets[r + 1]!).sort();
  return { nRows, nCols, offsets, indices };
}

/** How many interactions each item has. */
export function itemCounts(set: InteractionSet): Int32Array {
  const counts = new Int32Array(set.nItems);
  for (let r = 0; r < set.items.length; r++) counts[set.items[r]!]!++;
  return counts;
}

/** Whether sorted `list` holds `value` (binary search). */
export function sortedHas(list: Int32Array, value: number): boolean {
  let lo = 0,
    hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
