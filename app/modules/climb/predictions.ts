import { cholesky } from "../../../ml/bayes/dense.ts";
import { createRandom } from "../../../ml/random.ts";
import { designRow } from "./model-design.ts";
import { READINESS_PRIORS } from "./priors.ts";
import { MODELLED_TYPES, READINESS_FIELDS, type ModelledType, type Readiness } from "./session-types.ts";

export interface TypePrediction {
  sessionType: ModelledType;
  /** Posterior mean of the session's expected quality. */
  mean: number;
  /** 90% credible interval of the expected quality. */
  lower: number;
  upper: number;
  /** Posterior probability that this type is the best of those allowed today (0 when ruled out). */
  probabilityBest: number;
}

const Z90 = 1.6448536269514722;
const DRAWS = 2000;

/**
 * Predicted quality of each session type for today's readiness from a climber's coefficient posterior
 * N(β̂, C): the mean x'β̂, a 90% credible interval from x'Cx, and the probability each allowed type is the
 * best, from joint draws of the five predictions (they are correlated through the shared slopes).
 */
export function predictTypes(
  model: { coefficients: number[]; covariance: number[][] },
  readiness: Partial<Readiness>,
  allowed: readonly ModelledType[],
): TypePrediction[] {
  const rows = MODELLED_TYPES.map((t) => designRow(t, readiness));
  const T = rows.length;
  const C = model.covariance;
  const means = rows.map((r) => r.reduce((s, v, k) => s + v * model.coefficients[k]!, 0));
  // cov = X C Xᵀ: the joint covariance of the five predictions (symmetric by construction).
  const cx = rows.map((r) => C.map((ck) => ck.reduce((s, v, j) => s + v * r[j]!, 0)));
  const cov = new Float64Array(T * T);
  for (let i = 0; i < T; i++)
    for (let j = 0; j <= i; j++) {
      const v = rows[i]!.reduce((s, x, k) => s + x * cx[j]![k]!, 0);
      cov[i * T + j] = v;
      cov[j * T + i] = v;
    }
  const variance = MODELLED_TYPES.map((_, i) => cov[i * T + i]!);
  // Jitter keeps the Cholesky defined when two predictions are perfectly correlated.
  for (let i = 0; i < T; i++) cov[i * T + i]! += 1e-9;
  cholesky(cov, T);
  const L = cov;
  const allowedIdx = MODELLED_TYPES.map((t, i) => (allowed.includes(t) ? i : -1)).filter((i) => i >= 0);
  const wins = new Array<number>(MODELLED_TYPES.length).fill(0);
  const r = createRandom(20_251_206);
  const z = new Array<number>(MODELLED_TYPES.length);
  for (let d = 0; d < DRAWS && allowedIdx.length > 0; d++) {
    for (let i = 0; i < z.length; i++) z[i] = r.normal();
    let best = -1;
    let bestValue = -Infinity;
    for (const i of allowedIdx) {
      let v = means[i]!;
      for (let k = 0; k <= i; k++) v += L[i * T + k]! * z[k]!;
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    wins[best]!++;
  }
  return MODELLED_TYPES.map((sessionType, i) => {
    const sd = Math.sqrt(Math.max(0, variance[i]!));
    return {
      sessionType,
      mean: means[i]!,
      lower: means[i]! - Z90 * sd,
      upper: means[i]! + Z90 * sd,
      probabilityBest: wins[i]! / DRAWS,
    };
  });
}

/**
 * Each readiness input's contribution to a type's predicted quality today (quality points versus a
 * reference day), largest first: the "why" behind a prediction.
 */
export function readinessContributions(
  model: { coefficients: number[] },
  type: ModelledType,
  readiness: Partial<Readiness>,
): { field: (typeof READINESS_FIELDS)[number]; points: number }[] {
  const row = designRow(type, readiness);
  const offset = MODELLED_TYPES.length;
  return READINESS_FIELDS.map((field, k) => ({
    field,
    points: row[offset + k]! * model.coefficients[offset + k]!,
  }))
    .filter(
      (c) => readiness[c.field] !== undefined && readiness[c.field] !== READINESS_PRIORS[c.field].reference,
    )
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
}

/** The readiness part of quality at full sensitivity: one number for "how ready am I today". */
export function readinessScore(coefficients: readonly number[], readiness: Partial<Readiness>): number {
  const row = designRow("limit_bouldering", readiness);
  const offset = MODELLED_TYPES.length;
  return READINESS_FIELDS.reduce((s, _, k) => s + row[offset + k]! * coefficients[offset + k]!, 0);
}
