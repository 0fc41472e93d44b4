/**
 * Maximal marginal relevance (Carbonell & Goldstein, 1998): picks k items one at a time, each maximising
 * λ·relevance − (1 − λ)·(its highest similarity to an item already picked), so a list is not k near-copies.
 * `relevance` should be on a 0–1 scale comparable with `similarity`.
 */
export function mmr<T>(
  candidates: readonly T[],
  k: number,
  relevance: (item: T) => number,
  similarity: (a: T, b: T) => number,
  lambda = 0.7,
): T[] {
  const chosen: T[] = [];
  const left = [...candidates];
  const maxSim = new Array<number>(left.length).fill(0);
  while (chosen.length < k && left.length) {
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const score = lambda * relevance(left[i]!) - (1 - lambda) * maxSim[i]!;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    const [picked] = left.splice(best, 1);
    maxSim.splice(best, 1);
    chosen.push(picked!);
    for (let i = 0; i < left.length; i++) maxSim[i] = Math.max(maxSim[i]!, similarity(left[i]!, picked!));
  }
  return chosen;
}
