import { db } from "../../../db/client.ts";
import { climbingSessions } from "../../../db/schema/index.ts";
import { createRandom } from "../../../ml/random.ts";
import { saveBaseline } from "./baseline.server.ts";
import { quickUpdate } from "./model.server.ts";
import { priorPopulation } from "./priors.ts";
import { drawClimber, simulateSessions } from "./simulated-climbers.ts";
import { HARD_TYPES } from "./session-types.ts";

/**
 * Demo data: a baseline and `sessions` rated sessions spread over the last `days` days, drawn from a
 * simulated climber's own coefficients (unlike the priors), then the climber's quick update,
 * so a fresh install's coach shows a model past cold start.
 */
export async function recordSimulatedClimbing(
  userId: string,
  options: { sessions: number; days: number; seed: number },
): Promise<void> {
  const r = createRandom(options.seed);
  const population = priorPopulation();
  const truth = drawClimber(
    r,
    population.mean,
    population.mean.map((_, k) => (k < 5 ? 0.8 : 0.15)),
  );
  await saveBaseline(userId, {
    experience_years: 2 + r.int(8),
    boulder_scale: "v",
    max_boulder_grade: `V${3 + r.int(5)}`,
    route_scale: "french",
    max_route_grade: ["6b", "6c", "7a", "7b"][r.int(4)]!,
    goals: ["harder_boulders", "stay_injury_free"],
    injuries: [],
    days_per_week: 3,
    minutes_per_session: 90,
    timezone: "UTC",
  });
  const now = Date.now();
  const rows = simulateSessions(r, truth, 1, options.sessions).map((s, i) => {
    const startedAt = new Date(
      now -
        Math.round(((options.sessions - i) / options.sessions) * options.days * 86_400_000) -
        3_600_000 * 20,
    );
    const durationMin = 60 + 15 * r.int(5);
    const intensity = HARD_TYPES.includes(s.type) ? 8 + r.int(2) : 4 + r.int(3);
    return {
      userId,
      status: "completed" as const,
      sessionType: s.type,
      plannedDurationMin: durationMin,
      plannedIntensity: intensity,
      sleepHours: s.readiness.sleep_hours,
      energyLevel: s.readiness.energy_level,
      stressLevel: s.readiness.stress_level,
      soreness: s.readiness.soreness,
      motivation: s.readiness.motivation,
      fingerPain: s.readiness.finger_pain,
      startedAt,
      endedAt: new Date(startedAt.getTime() + durationMin * 60_000),
      actualSessionType: s.type,
      actualDurationMin: durationMin,
      actualIntensity: intensity,
      actualExercises: [],
      sessionQuality: s.quality,
      deviatedFromPlan: false,
      completedAt: new Date(startedAt.getTime() + durationMin * 60_000),
    };
  });
  await db().insert(climbingSessions).values(rows);
  await quickUpdate(userId);
}
