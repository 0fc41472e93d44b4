import type { Random } from "../../../ml/random.ts";
import { designRow } from "./model-design.ts";
import { MODELLED_TYPES, READINESS_RANGES, type ModelledType, type Readiness } from "./session-types.ts";

/**
 * Simulated climbers with known coefficients: realistic readiness (most nights 6–8.5 h, energy and
 * motivation mid-scale, finger pain mostly 0) and session qualities drawn from the model itself, for the
 * demo account, the validation study, tests and the bench. Nothing here is shown as a real person's data.
 */
/** A categorical draw over 1..weights.length. */
const level = (r: Random, weights: readonly number[]) => {
  let u = r.next() * weights.reduce((sum, w) => sum + w, 0);
  for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return i + 1;
  return weights.length;
};
const quantise = (field: keyof Readiness, value: number) => {
  const { min, max, step } = READINESS_RANGES[field];
  return Math.min(max, Math.max(min, Math.round(value / step) * step));
};

export function drawReadiness(r: Random): Readiness {
  return {
    sleep_hours: quantise("sleep_hours", 7.2 + 1.1 * r.normal()),
    energy_level: level(r, [0.05, 0.2, 0.4, 0.25, 0.1]),
    stress_level: level(r, [0.2, 0.35, 0.25, 0.15, 0.05]),
    soreness: level(r, [0.2, 0.35, 0.25, 0.15, 0.05]),
    motivation: level(r, [0.03, 0.12, 0.35, 0.35, 0.15]),
    // Mostly none; when present, mild far more often than severe.
    finger_pain: r.next() < 0.8 ? 0 : level(r, [0.35, 0.25, 0.17, 0.11, 0.07, 0.05]),
  };
}

export interface SimulatedSession {
  type: ModelledType;
  readiness: Readiness;
  /** The noiseless expected quality under the true coefficients. */
  expected: number;
  /** The rating the climber gives: expected + noise, rounded and clipped to 1–10. */
  quality: number;
}

export function simulateSessions(
  r: Random,
  coefficients: readonly number[],
  noiseSd: number,
  n: number,
): SimulatedSession[] {
  return Array.from({ length: n }, () => {
    const type = r.pick(MODELLED_TYPES);
    const readiness = drawReadiness(r);
    const expected = designRow(type, readiness).reduce((s, v, k) => s + v * coefficients[k]!, 0);
    const quality = Math.min(10, Math.max(1, Math.round(expected + noiseSd * r.normal())));
    return { type, readiness, expected, quality };
  });
}

/** A climber's true coefficients: the population mean plus independent between-climber deviations. */
export function drawClimber(r: Random, mean: readonly number[], sds: readonly number[]): number[] {
  return mean.map((m, k) => m + sds[k]! * r.normal());
}
