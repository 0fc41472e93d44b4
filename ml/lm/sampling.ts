/**
 * Next-token choice for the story model: temperature, top-k and nucleus (top-p) sampling over one row of
 * logits, drawing from the caller's seeded random source so a seed reproduces a story exactly.
 * transformers.js samples from one process-wide generator, which concurrent stories would share; that is
 * why the decoding loop and this function are ours.
 */
export interface SamplingOptions {
  /** 0 picks the most likely token (greedy); higher flattens the distribution. */
  temperature: number;
  /** Keep only the k most likely tokens (0: no limit). */
  topK: number;
  /** Keep the smallest set of tokens whose probability reaches p (1: no limit). */
  topP: number;
}

export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

function sortedIndices(logits: ArrayLike<number>): number[] {
  return Array.from({ length: logits.length }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]!);
}

/** The k largest entries' indices, largest first, in one pass (k is small; a full sort costs ~10x more). */
export function topIndices(logits: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (top.length === k && v <= logits[top[k - 1]!]!) continue;
    let j = top.length === k ? k - 1 : top.length;
    while (j > 0 && logits[top[j - 1]!]! < v) {
      if (j < k) top[j] = top[j - 1]!;
      j--;
    }
    top[j] = i;
  }
  return top;
}

/** Token ids with their probabilities after temperature, top-k and top-p, most likely first. */
export function candidateDistribution(
  logits: ArrayLike<number>,
  { temperature, topK, topP }: SamplingOptions,
): { ids: number[]; probs: number[] } {
  const kept = topK > 0 && topK < logits.length ? topIndices(logits, topK) : sortedIndices(logits);
  const max = logits[kept[0]!]!;
  const weights = kept.map((i) => Math.exp((logits[i]! - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  const ids: number[] = [];
  const probs: number[] = [];
  let mass = 0;
  for (let j = 0; j < kept.length; j++) {
    const p = weights[j]! / total;
    ids.push(kept[j]!);
    probs.push(p);
    mass += p;
    if (mass >= topP) break;
  }
  const keptMass = probs.reduce((a, b) => a + b, 0);
  return { ids, probs: probs.map((p) => p / keptMass) };
}

export function sampleToken(
  logits: ArrayLike<number>,
  options: SamplingOptions,
  random: () => number,
): number {
  if (options.temperature <= 0) return argmax(logits);
  const { ids, probs } = candidateDistribution(logits, options);
  let x = random();
  for (let j = 0; j < ids.length; j++) {
    x -= probs[j]!;
    if (x < 0) return ids[j]!;
  }
  return ids[ids.length - 1]!;
}
