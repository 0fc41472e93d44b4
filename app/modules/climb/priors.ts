import type { HierarchicalPrior } from "../../../ml/bayes/hierarchical-linear.ts";
import { MODELLED_TYPES, READINESS_FIELDS, type ModelledType, type ReadinessField } from "./session-types.ts";

/**
 * Population priors for the session-quality model: literature-style defaults, not fitted to anyone's data.
 * Quality is the climber's 1–10 rating of the session. The direction and rough size of each effect follow
 * the training literature (sleep restriction and high perceived stress lower strength and power output; DOMS
 * and finger pain lower maximal finger loading; motivation and perceived energy track performance), and
 * readiness matters most for maximal-intensity sessions (limit bouldering, hangboard) and least for
 * technique work. The nightly fit replaces these means with the population it estimates; these stay the
 * prior it starts from and the fallback when no fit exists.
 */
export const PRIORS_VERSION = "literature-defaults-1";

/** Expected quality of each session type for a typical climber at reference readiness. */
export const TYPE_INTERCEPTS: Record<ModelledType, number> = {
  limit_bouldering: 6.3,
  power_endurance: 6.2,
  volume: 6.6,
  technique: 6.8,
  hangboard: 6.1,
};

/** How strongly readiness moves each type's quality (1 = fully, as for maximal efforts). */
export const READINESS_SENSITIVITY: Record<ModelledType, number> = {
  limit_bouldering: 1,
  hangboard: 1,
  power_endurance: 0.8,
  volume: 0.55,
  technique: 0.35,
};

export interface ReadinessPrior {
  /** The value that contributes nothing (a rested, typical day); also used when an optional input is missing. */
  reference: number;
  /** Quality points per unit at full sensitivity. */
  slope: number;
  /** Uncertainty of the population slope. */
  slopeSd: number;
  /** Half-t scale of how much climbers differ in this slope. */
  betweenClimberScale: number;
  why: string;
}

export const READINESS_PRIORS: Record<ReadinessField, ReadinessPrior> = {
  sleep_hours: {
    reference: 7.5,
    slope: 0.35,
    slopeSd: 0.2,
    betweenClimberScale: 0.2,
    why: "Sleep restriction lowers maximal strength and power output the next day",
  },
  energy_level: {
    reference: 3,
    slope: 0.55,
    slopeSd: 0.3,
    betweenClimberScale: 0.3,
    why: "Perceived energy tracks how hard you can pull today",
  },
  stress_level: {
    reference: 2,
    slope: -0.3,
    slopeSd: 0.2,
    betweenClimberScale: 0.2,
    why: "High life stress slows recovery and blunts performance",
  },
  soreness: {
    reference: 2,
    slope: -0.4,
    slopeSd: 0.25,
    betweenClimberScale: 0.25,
    why: "Muscle soreness (DOMS) reduces force output for a day or two",
  },
  motivation: {
    reference: 3,
    slope: 0.45,
    slopeSd: 0.25,
    betweenClimberScale: 0.25,
    why: "Motivated sessions are rated better and try harder",
  },
  finger_pain: {
    reference: 0,
    slope: -0.35,
    slopeSd: 0.2,
    betweenClimberScale: 0.2,
    why: "Finger pain limits crimping and hangs; loading through it risks pulley injury",
  },
};

/** Prior sd of each type's population intercept, and how much climbers differ in it. */
export const INTERCEPT_SD = 1;
export const INTERCEPT_BETWEEN_CLIMBER_SCALE = 1.2;
/** Expected residual sd of a session's quality around the model's prediction. */
export const NOISE_SD = 1.2;

/** Names of the model's coefficients, in design-row order: one intercept per type, then the readiness slopes. */
export const COEFFICIENT_NAMES: string[] = [
  ...MODELLED_TYPES.map((t) => `intercept:${t}`),
  ...READINESS_FIELDS.map((f) => `slope:${f}`),
];

/** The hierarchical model's prior (see ml/bayes/hierarchical-linear.ts). */
export function hierarchicalPrior(): HierarchicalPrior {
  const mean = [
    ...MODELLED_TYPES.map((t) => TYPE_INTERCEPTS[t]),
    ...READINESS_FIELDS.map((f) => READINESS_PRIORS[f].slope),
  ];
  const sds = [
    ...MODELLED_TYPES.map(() => INTERCEPT_SD),
    ...READINESS_FIELDS.map((f) => READINESS_PRIORS[f].slopeSd),
  ];
  return {
    mean,
    meanCovariance: sds.map((s, i) => sds.map((_, j) => (i === j ? s * s : 0))),
    scale: [
      ...MODELLED_TYPES.map(() => INTERCEPT_BETWEEN_CLIMBER_SCALE),
      ...READINESS_FIELDS.map((f) => READINESS_PRIORS[f].betweenClimberScale),
    ],
    df: 2,
    // Inverse-gamma(3, 2·NOISE_SD²): prior mean of σ² is NOISE_SD².
    noise: { shape: 3, scale: 2 * NOISE_SD * NOISE_SD },
  };
}

/**
 * The population before any fit: coefficient mean μ = prior mean and between-climber covariance
 * diag(scale²); what a climber with no history is predicted from.
 */
export function priorPopulation(): { mean: number[]; covariance: number[][]; noiseSd: number } {
  const prior = hierarchicalPrior();
  return {
    mean: prior.mean,
    covariance: prior.scale.map((a, i) => prior.scale.map((_, j) => (i === j ? a * a : 0))),
    noiseSd: NOISE_SD,
  };
}
