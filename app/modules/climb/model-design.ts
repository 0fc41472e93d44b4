import { READINESS_PRIORS, READINESS_SENSITIVITY } from "./priors.ts";
import { MODELLED_TYPES, READINESS_FIELDS, type ModelledType, type Readiness } from "./session-types.ts";

/**
 * The session-quality model's design row: quality = α_type + s_type · Σ_k γ_k (r_k − ref_k) + ε.
 * Per climber, β = (α for each modelled type, γ for each readiness input) — linear in β because the
 * sensitivities s_type are fixed (priors.ts), so every full conditional of the Gibbs sampler stays conjugate
 * and the per-type predictions share the readiness slopes a climber's few sessions can pin down.
 */
export const COEFFICIENT_COUNT = MODELLED_TYPES.length + READINESS_FIELDS.length;

export function designRow(type: ModelledType, readiness: Partial<Readiness>): number[] {
  const row = new Array<number>(COEFFICIENT_COUNT).fill(0);
  row[MODELLED_TYPES.indexOf(type)] = 1;
  const s = READINESS_SENSITIVITY[type];
  READINESS_FIELDS.forEach((field, k) => {
    const value = readiness[field] ?? READINESS_PRIORS[field].reference;
    row[MODELLED_TYPES.length + k] = s * (value - READINESS_PRIORS[field].reference);
  });
  return row;
}
