/**
 * Climb rows of `npm run bench`: time to the first SSE event and to `done` for the pre-session stream
 * (measured from this process over loopback, so an upper bound on the server-side time, beside /health
 * measured the same way in the same run), and the nightly full fit for 1,000 climbers × 50 sessions beside
 * the quick conjugate update for the same climbers.
 */
import { designRow } from "../app/modules/climb/model-design.ts";
import { NIGHTLY_SETTINGS } from "../app/modules/climb/fit-settings.ts";
import { hierarchicalPrior, priorPopulation } from "../app/modules/climb/priors.ts";
import { drawClimber, simulateSessions } from "../app/modules/climb/simulated-climbers.ts";
import { posteriorGivenPopulation } from "../ml/bayes/conjugate-normal.ts";
import { fitHierarchical, sufficientStatistics } from "../ml/bayes/hierarchical-linear.ts";
import { createRandom } from "../ml/random.ts";

/** Gives the bench climber `count` rated sessions (one a day) so the model and stats have history. */
export async function seedClimbHistory(url: string, token: string, count = 40): Promise<void> {
  const r = createRandom(5);
  const truth = drawClimber(
    r,
    priorPopulation().mean,
    priorPopulation().mean.map(() => 0.3),
  );
  const sessions = simulateSessions(r, truth, 1, count);
  for (const [i, s] of sessions.entries()) {
    const start = Date.now() - (count - i + 1) * 86_400_000;
    const response = await fetch(`${url}/api/v1/climb/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        ...s.readiness,
        session_type: s.type,
        planned_duration_min: 75,
        planned_intensity: 7,
        started_at: new Date(start).toISOString(),
        ended_at: new Date(start + 75 * 60_000).toISOString(),
        actual_intensity: 7,
        session_quality: s.quality,
      }),
    });
    if (response.status !== 201)
      throw new Error(`climb session: ${response.status} ${await response.text()}`);
  }
}

export const CLIMB_READINESS = { sleep_hours: 7, energy_level: 4, stress_level: 2, soreness: 2 };

/** Sequential requests: time to the first byte of the first event, and to the end of the stream. */
export async function sseTimings(url: string, token: string, samples = 300) {
  const first: number[] = [];
  const done: number[] = [];
  const body = JSON.stringify(CLIMB_READINESS);
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/api/v1/recommendations/pre-session/stream`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body,
    });
    const reader = response.body!.getReader();
    let text = "";
    let sawFirst = false;
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      text += new TextDecoder().decode(value);
      if (!sawFirst && text.includes("\n\n")) {
        first.push(performance.now() - started);
        sawFirst = true;
      }
    }
    done.push(performance.now() - started);
    if (!text.includes("event: done")) throw new Error(`stream ended without done: ${text.slice(0, 200)}`);
  }
  return { first, done };
}

/** GET /health timed the same way (sequential fetch), the floor for the rows above. */
export async function healthTimings(url: string, samples = 300): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await (await fetch(`${url}/health`)).text();
    out.push(performance.now() - started);
  }
  return out;
}

/** The nightly fit on 1,000 simulated climbers × 50 sessions, beside the quick update for the same climbers. */
export function nightlyFitTiming(climbers = 1_000, sessionsEach = 50) {
  const r = createRandom(11);
  const population = priorPopulation();
  const sds = population.mean.map((_, k) => (k < 5 ? 0.8 : 0.15));
  const stats = Array.from({ length: climbers }, () => {
    const sessions = simulateSessions(r, drawClimber(r, population.mean, sds), 1, sessionsEach);
    return sufficientStatistics({
      x: sessions.map((s) => designRow(s.type, s.readiness)),
      y: sessions.map((s) => s.quality),
    });
  });
  const settings = NIGHTLY_SETTINGS;
  let started = performance.now();
  const fit = fitHierarchical(stats, hierarchicalPrior(), settings);
  const fullMs = performance.now() - started;
  started = performance.now();
  for (const s of stats)
    posteriorGivenPopulation(s, {
      mean: population.mean,
      covariance: population.covariance,
      noiseVariance: population.noiseSd ** 2,
    });
  const quickMs = performance.now() - started;
  return { fullMs, quickMs, maxRhat: fit.maxRhat, minEss: fit.minEss, settings, climbers, sessionsEach };
}
