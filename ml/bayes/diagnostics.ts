/**
 * Convergence diagnostics for MCMC (Gelman et al., BDA3 ch. 11): split R-hat and effective sample size with
 * Geyer's initial positive sequence. `chains` holds each chain's draws of one scalar, all the same length.
 */
function splitChains(chains: readonly number[][]): number[][] {
  const half = Math.floor(chains[0]!.length / 2);
  return chains.flatMap((c) => [c.slice(0, half), c.slice(half, 2 * half)]);
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

function varianceParts(chains: number[][]) {
  const n = chains[0]!.length;
  const means = chains.map(mean);
  const W = mean(chains.map(variance));
  const B = n * variance(means);
  return { n, m: chains.length, W, B, varPlus: ((n - 1) / n) * W + B / n };
}

export function splitRhat(chains: readonly number[][]): number {
  const { W, varPlus } = varianceParts(splitChains(chains));
  if (W === 0) return varPlus === 0 ? 1 : Number.POSITIVE_INFINITY;
  return Math.sqrt(varPlus / W);
}

export function effectiveSampleSize(chains: readonly number[][]): number {
  const split = splitChains(chains);
  const { n, m, varPlus } = varianceParts(split);
  if (varPlus === 0) return m * n;
  const rho = (t: number) => {
    let v = 0;
    for (const c of split) for (let i = t; i < n; i++) v += (c[i]! - c[i - t]!) ** 2;
    return 1 - v / (m * (n - t)) / (2 * varPlus);
  };
  // Geyer: sum autocorrelations in pairs while each pair's sum stays positive.
  let sum = 0;
  for (let t = 1; t + 1 < n; t += 2) {
    const pair = rho(t) + rho(t + 1);
    if (pair < 0) break;
    sum += pair;
  }
  return (m * n) / (1 + 2 * sum);
}
