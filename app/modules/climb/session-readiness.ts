import type { Readiness } from "./session-types.ts";

/** The readiness columns of a climbing_sessions row. */
export interface ReadinessColumns {
  sleepHours: number;
  energyLevel: number;
  stressLevel: number;
  soreness: number | null;
  motivation: number | null;
  fingerPain: number | null;
}

/** A row's readiness as the model reads it: inputs left empty are absent (a typical day). */
export function readinessOf(r: ReadinessColumns): Partial<Readiness> {
  const out: Partial<Readiness> = {
    sleep_hours: r.sleepHours,
    energy_level: r.energyLevel,
    stress_level: r.stressLevel,
  };
  if (r.soreness !== null) out.soreness = r.soreness;
  if (r.motivation !== null) out.motivation = r.motivation;
  if (r.fingerPain !== null) out.finger_pain = r.fingerPain;
  return out;
}

/** A row's readiness as the API shows it: every input, null where it was left empty. */
export function readinessJson(r: ReadinessColumns) {
  return {
    sleep_hours: r.sleepHours,
    energy_level: r.energyLevel,
    stress_level: r.stressLevel,
    soreness: r.soreness,
    motivation: r.motivation,
    finger_pain: r.fingerPain,
  };
}
