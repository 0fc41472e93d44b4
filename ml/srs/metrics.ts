/**
 * The three figures srs-benchmark reports for a memory model, computed on predictions of recall:
 * log loss (calibration and sharpness), RMSE over bins (calibration across kinds of reviews) and AUC
 * (how well the model ranks the reviews that were forgotten below those that were recalled).
 */
export interface Prediction {
  /** Predicted probability of recall. */
  p: number;
  /** 1 recalled (Hard, Good or Easy), 0 forgotten (Again). */
  y: 0 | 1;
  /** Days since the previous review (at least 1: only long-term reviews are scored). */
  deltaT: number;
  /** Which review of the card this is (2 for the second). */
  reviewNumber: number;
  /** Long-term lapses (Again after at least a day) before this review. */
  lapses: number;
}

export interface Scores {
  logLoss: number;
  rmseBins: number;
  /** Null when all outcomes are the same (AUC is undefined). */
  auc: number | null;
  n: number;
}

const EPS = 1e-6;

export function logLoss(preds: readonly Prediction[]): number {
  let sum = 0;
  for (const { p, y } of preds) {
    const q = Math.min(1 - EPS, Math.max(EPS, p));
    sum -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
  }
  return preds.length ? sum / preds.length : Number.NaN;
}

const logBin = (x: number, base: number) => Math.floor(Math.log(x) / Math.log(base));

/**
 * srs-benchmark's RMSE(bins): reviews are grouped by interval (log base 3.62), review number (log base
 * 1.89) and lapses (log base 1.73, zero on its own); within each bin the mean prediction is compared with
 * the observed recall rate, and the squared gaps are averaged weighted by bin size.
 */
export function rmseBins(preds: readonly Prediction[]): number {
  const bins = new Map<string, { p: number; y: number; n: number }>();
  for (const r of preds) {
    const key = `${logBin(r.deltaT, 3.62)}|${logBin(r.reviewNumber, 1.89)}|${r.lapses === 0 ? "z" : logBin(r.lapses, 1.73)}`;
    const b = bins.get(key) ?? { p: 0, y: 0, n: 0 };
    b.p += r.p;
    b.y += r.y;
    b.n += 1;
    bins.set(key, b);
  }
  let sq = 0;
  let n = 0;
  for (const b of bins.values()) {
    sq += b.n * (b.p / b.n - b.y / b.n) ** 2;
    n += b.n;
  }
  return n ? Math.sqrt(sq / n) : Number.NaN;
}

/** Area under the ROC curve by the rank-sum (Mann-Whitney U) formula, ties sharing their mean rank. */
export function auc(preds: readonly Prediction[]): number | null {
  const sorted = [...preds].sort((a, b) => a.p - b.p);
  const positives = sorted.reduce((s, r) => s + r.y, 0);
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.y === 1) rankSum += meanRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function score(preds: readonly Prediction[]): Scores {
  return { logLoss: logLoss(preds), rmseBins: rmseBins(preds), auc: auc(preds), n: preds.length };
}
