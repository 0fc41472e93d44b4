/**
 * Climbing session types and readiness inputs: the vocabulary shared by the UI, the API, the rules and the
 * model. Pure (no server imports), so forms and charts can use it too.
 */
export const SESSION_TYPES = [
  "limit_bouldering",
  "power_endurance",
  "volume",
  "technique",
  "hangboard",
  "rest",
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** The types the model predicts a quality for; a rest day has no session quality to predict. */
export const MODELLED_TYPES = [
  "limit_bouldering",
  "power_endurance",
  "volume",
  "technique",
  "hangboard",
] as const satisfies readonly SessionType[];
export type ModelledType = (typeof MODELLED_TYPES)[number];

/** Hard sessions count towards "consecutive hard days" and weekly intensity rules. */
export const HARD_TYPES: readonly SessionType[] = ["limit_bouldering", "power_endurance", "hangboard"];

export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  limit_bouldering: "Limit bouldering",
  power_endurance: "Power endurance",
  volume: "Volume (mileage)",
  technique: "Technique drills",
  hangboard: "Hangboard",
  rest: "Rest day",
};

export const READINESS_FIELDS = [
  "sleep_hours",
  "energy_level",
  "stress_level",
  "soreness",
  "motivation",
  "finger_pain",
] as const;
export type ReadinessField = (typeof READINESS_FIELDS)[number];
export type Readiness = Record<ReadinessField, number>;

/** Valid range of each readiness input (inclusive), with its meaning, for validation and forms. */
export const READINESS_RANGES: Record<
  ReadinessField,
  { min: number; max: number; step: number; label: string }
> = {
  sleep_hours: { min: 0, max: 16, step: 0.5, label: "Sleep last night (hours)" },
  energy_level: { min: 1, max: 5, step: 1, label: "Energy (1 drained – 5 full)" },
  stress_level: { min: 1, max: 5, step: 1, label: "Stress (1 calm – 5 very stressed)" },
  soreness: { min: 1, max: 5, step: 1, label: "Muscle soreness (1 none – 5 very sore)" },
  motivation: { min: 1, max: 5, step: 1, label: "Motivation (1 none – 5 psyched)" },
  finger_pain: { min: 0, max: 10, step: 1, label: "Finger pain (0 none – 10 worst)" },
};
