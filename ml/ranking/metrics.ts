/** NDCG@k with exponential gains (2^label - 1) and log2 discounts, the LambdaMART / LightGBM convention. */
export function dcgAtK(labelsInRankOrder: ArrayLike<number>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, labelsInRankOrder.length); i++) {
    dcg += (2 ** labelsInRankOrder[i]! - 1) / Math.log2(i + 2);
  }
  return dcg;
}

/** NDCG@k of one query: labels ranked by scores (descending), over the ideal order. 1 when all labels are 0. */
export function ndcgAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k: number): number {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]! || a - b,
  );
  const ideal = Array.from(labels).sort((a, b) => b - a);
  const idcg = dcgAtK(ideal, k);
  if (idcg === 0) return 1;
  return (
    dcgAtK(
      order.map((i) => labels[i]!),
      k,
    ) / idcg
  );
}

/** Mean NDCG@k over queries given as consecutive groups of rows. */
export function meanNdcg(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  groups: readonly number[],
  k: number,
): number {
  let offset = 0;
  let total = 0;
  for (const size of groups) {
    const l = Array.prototype.slice.call(labels, offset, offset + size) as number[];
    const s = Array.prototype.slice.call(scores, offset, offset + size) as number[];
    total += ndcgAtK(l, s, k);
    offset += size;
  }
  return groups.length ? total / groups.length : 0;
}
