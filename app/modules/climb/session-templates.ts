import { indexToRoute, vToBoulder, type BoulderScale, type RouteScale } from "./grades.ts";
import type { ModelledType } from "./session-types.ts";

/**
 * What a recommended session looks like: a target RPE, a duration cap, and exercises pitched at the
 * climber's grades (from the baseline; a V3 / 6a climber is assumed when none is given).
 */
export interface SessionPlan {
  durationMin: number;
  intensity: number;
  exercises: { name: string; sets?: number; reps?: number; grade?: string; notes?: string }[];
}

const TARGET_RPE: Record<ModelledType, number> = {
  limit_bouldering: 9,
  power_endurance: 8,
  hangboard: 8,
  volume: 6,
  technique: 4,
};
const MAX_MINUTES: Record<ModelledType, number> = {
  limit_bouldering: 120,
  power_endurance: 90,
  hangboard: 45,
  volume: 150,
  technique: 90,
};

export interface Grades {
  maxBoulderV: number | null;
  maxRouteIndex: number | null;
  boulderScale: BoulderScale;
  routeScale: RouteScale;
  experienceYears: number | null;
}

export function planSession(type: ModelledType, minutesAvailable: number, grades: Grades): SessionPlan {
  const v = grades.maxBoulderV ?? 3;
  const route = grades.maxRouteIndex ?? 6;
  const b = (offset: number) => vToBoulder(grades.boulderScale, Math.max(0, Math.min(17, v + offset)));
  const rt = (offset: number) => indexToRoute(grades.routeScale, Math.max(0, Math.min(28, route + offset)));
  const durationMin = Math.max(20, Math.min(minutesAvailable, MAX_MINUTES[type]));
  const warmUp = {
    name: "Progressive warm-up: easy traverses, then problems building to moderate",
    notes: "15–20 min",
  };
  const exercises: Record<ModelledType, SessionPlan["exercises"]> = {
    limit_bouldering: [
      warmUp,
      {
        name: "Limit problems",
        sets: 4,
        grade: `${b(-1)}–${b(0)}`,
        notes: "3–5 attempts each, 3–4 min rest",
      },
      { name: "Project one move at your limit", grade: b(1), notes: "Stop when power drops" },
    ],
    power_endurance: [
      warmUp,
      {
        name: "4×4s",
        sets: 4,
        reps: 4,
        grade: b(-4),
        notes: "4 problems back to back, 4 min rest between sets",
      },
      { name: "Linked circuits", sets: 3, grade: rt(-3), notes: "25–35 moves, 1:1 work:rest" },
    ],
    volume: [
      warmUp,
      {
        name: "Mileage problems",
        reps: 25,
        grade: `${b(-3)}–${b(-2)}`,
        notes: "Flash attempts, smooth and quiet",
      },
      { name: "Routes", reps: 8, grade: `${rt(-4)}–${rt(-3)}`, notes: "If you have a rope" },
    ],
    technique: [
      warmUp,
      { name: "Silent feet", sets: 5, grade: b(-4), notes: "Place each foot without a sound" },
      { name: "Flagging and drop-knee drills", sets: 4, grade: b(-3) },
      { name: "Downclimb every problem", reps: 10, grade: b(-4) },
    ],
    hangboard: [
      { name: "Warm-up hangs on a big edge", sets: 3, notes: "Bodyweight, 10 s on, 20 s off" },
      (grades.experienceYears ?? 0) >= 2
        ? {
            name: "Max hangs, 20 mm edge",
            sets: 6,
            reps: 1,
            notes: "10 s at a load you could hold 13 s, 3 min rest",
          }
        : { name: "Repeaters, 25 mm edge", sets: 4, reps: 6, notes: "7 s on, 3 s off, 3 min between sets" },
      { name: "Antagonist push-ups", sets: 2, reps: 12 },
    ],
  };
  return { durationMin, intensity: TARGET_RPE[type], exercises: exercises[type] };
}
