import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { climbModelRuns, climbRules, modelOutputs } from "../../db/schema";
import { startBoss, stopBoss } from "../../jobs/boss";
import { queues } from "../../jobs/registry";
import { createUser } from "../../app/modules/auth/users.server";
import { saveBaseline } from "../../app/modules/climb/baseline.server";
import {
  cachedPopulation,
  invalidatePopulation,
  quickUpdate,
  userModel,
} from "../../app/modules/climb/model.server";
import { runNightlyFit } from "../../app/modules/climb/nightly-fit.server";
import { COEFFICIENT_NAMES, priorPopulation } from "../../app/modules/climb/priors";
import { generateRecommendation, recommendationEvents } from "../../app/modules/climb/recommendations.server";
import {
  cachedRules,
  createRule,
  rulesCacheJson,
  updateRule,
  deleteRule,
} from "../../app/modules/climb/rules.server";
import { createSession } from "../../app/modules/climb/sessions.server";
import { recordSimulatedClimbing } from "../../app/modules/climb/simulated-history.server";
import { drawClimber, simulateSessions } from "../../app/modules/climb/simulated-climbers";
import { TRAIN_USER_QUEUE } from "../../app/modules/climb/training-requests.server";
import { createRandom } from "../../ml/random";
import { waitFor } from "../support/wait";

let n = 0;
const climber = () =>
  createUser({ email: `climb${++n}@example.test`, displayName: `Climber ${n}`, password: "long-password-1" });
const typical = { sleep_hours: 7.5, energy_level: 3, stress_level: 2 };

/** Logs simulated sessions, one a day ending yesterday, as completed (rated) sessions. */
async function logSimulated(userId: string, coefficients: number[], count: number, seed: number) {
  const sessions = simulateSessions(createRandom(seed), coefficients, 0.8, count);
  const now = Date.now();
  for (const [i, s] of sessions.entries()) {
    const start = new Date(now - (count - i + 1) * 86_400_000);
    await createSession(userId, {
      ...s.readiness,
      session_type: s.type,
      planned_duration_min: 60,
      planned_intensity: 6,
      planned_exercises: [],
      started_at: start.toISOString(),
      ended_at: new Date(start.getTime() + 3_600_000).toISOString(),
      actual_intensity: 6,
      session_quality: s.quality,
    });
  }
}

beforeAll(async () => {
  await startBoss({
    url: process.env.PRAXIS_TEST_DATABASE_URL!,
    work: true,
    queues: queues.filter((q) => q.name === TRAIN_USER_QUEUE),
  });
});
afterAll(() => stopBoss(5000));

describe("climb rules", () => {
  it("ships the default rules, and an override ends the recommendation before the model", async () => {
    const rules = await cachedRules();
    expect(rules.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "Finger pain: rest",
        "Three hard days in a row",
        "Very short sleep",
        "Short sleep",
      ]),
    );
    const user = await climber();
    const events = [];
    for await (const e of recommendationEvents(user.id, { ...typical, finger_pain: 6 })) events.push(e);
    expect(events.map((e) => e.event)).toEqual(["context_loaded", "override", "done"]);
    expect(events[1]!.data).toMatchObject({ rule: { name: "Finger pain: rest" }, session_type: "rest" });
    expect(events[2]!.data).toMatchObject({
      ended_early: true,
      reason: expect.stringMatching(/^Finger pain: rest: /),
    });
  });

  it("applies constraints: ruled-out types get no chance of being best and are never recommended", async () => {
    const user = await climber();
    const result = await generateRecommendation(user.id, { ...typical, sleep_hours: 5.5, finger_pain: 3 });
    expect(result.override).toBeNull();
    expect(result.recommendations!.constraints.map((c) => c.rule.name).sort()).toEqual([
      "Finger niggle",
      "Short sleep",
    ]);
    const byType = Object.fromEntries(result.prediction!.predictions.map((p) => [p.session_type, p]));
    expect(byType.hangboard).toMatchObject({ probability_best: 0, excluded_by: "Finger niggle" });
    expect(byType.limit_bouldering!.probability_best).toBe(0);
    expect(["hangboard", "limit_bouldering"]).not.toContain(
      result.recommendations!.recommendation.session_type,
    );
  });

  it("counts three consecutive hard days from history and advises rest", async () => {
    const user = await climber();
    for (let d = 3; d >= 1; d--) {
      const start = new Date(Date.now() - d * 86_400_000);
      await createSession(user.id, {
        ...typical,
        session_type: "limit_bouldering",
        planned_duration_min: 90,
        planned_intensity: 9,
        planned_exercises: [],
        started_at: start.toISOString(),
        ended_at: new Date(start.getTime() + 5_400_000).toISOString(),
        actual_intensity: 9,
        session_quality: 7,
      });
    }
    const result = await generateRecommendation(user.id, typical);
    expect(result.context.history.consecutive_hard_days).toBe(3);
    expect(result.override).toMatchObject({
      rule: { name: "Three hard days in a row" },
      session_type: "rest",
    });
    expect(result.prediction).toBeNull();
  });

  it("refreshes the cache when an admin changes a rule", async () => {
    const admin = await createUser({
      email: `climb-admin${++n}@example.test`,
      displayName: "A",
      password: "long-password-1",
    });
    const before = await cachedRules();
    const loads = rulesCacheJson().loads;
    const rule = await createRule(
      {
        name: "Test: low motivation",
        condition: { field: "motivation", op: "eq", value: 1 },
        action: "override",
        session_type: "technique",
        excluded_types: [],
        message: "Play on easy problems",
        priority: 5,
        enabled: true,
      },
      admin.id,
    );
    expect(rulesCacheJson().loaded_at).toBeNull();
    const after = await cachedRules();
    expect(rulesCacheJson().loads).toBe(loads + 1);
    expect(after).toHaveLength(before.length + 1);
    const user = await climber();
    const hit = await generateRecommendation(user.id, { ...typical, motivation: 1 });
    expect(hit.override).toMatchObject({ session_type: "technique", message: "Play on easy problems" });
    await updateRule(
      rule.id,
      { ...rule, session_type: "rest", excluded_types: [], enabled: false, action: "override" },
      admin.id,
    );
    expect((await generateRecommendation(user.id, { ...typical, motivation: 1 })).override).toBeNull();
    await deleteRule(rule.id);
    expect(await db().select().from(climbRules).where(eq(climbRules.id, rule.id))).toEqual([]);
  });
});

describe("climb model phases", () => {
  it("refuses a full fit with rated sessions from fewer than 3 climbers, and says why", async () => {
    // Only the climber with three hard days has rated sessions in this file's database so far.
    const outcome = await runNightlyFit("manual", { warmup: 10, draws: 10 });
    expect(outcome).toMatchObject({
      status: "failed",
      climbers: 1,
      error: "Needs rated sessions from at least 3 climbers (has 1)",
    });
  });

  it("gives prior-based advice with no history, then shifts through learning to personalized", async () => {
    const user = await climber();
    await saveBaseline(user.id, {
      experience_years: 5,
      boulder_scale: "font",
      max_boulder_grade: "7A",
      route_scale: "french",
      max_route_grade: "7a",
      goals: ["harder_boulders"],
      injuries: [],
      days_per_week: 3,
      minutes_per_session: 120,
      timezone: "Europe/Paris",
    });
    const cold = await generateRecommendation(user.id, typical);
    expect(cold.prediction).toMatchObject({
      phase: "cold_start",
      sessions_included: 0,
      model_source: "priors",
    });
    expect(cold.recommendations!.recommendation.reasons.join(" ")).toMatch(/population priors/);

    // This climber loves technique days far more than the population and barely cares about sleep.
    const truth = [...priorPopulation().mean];
    truth[COEFFICIENT_NAMES.indexOf("intercept:technique")] = 9;
    truth[COEFFICIENT_NAMES.indexOf("intercept:limit_bouldering")] = 4;
    await logSimulated(user.id, truth, 12, 7);
    await waitFor(
      "the quick update after 12 sessions",
      async () => (await userModel(user.id)).sessionsIncluded === 12,
    );
    const learning = await userModel(user.id);
    expect(learning).toMatchObject({ phase: "learning", source: "quick" });
    const tech = COEFFICIENT_NAMES.indexOf("intercept:technique");
    const prior = priorPopulation().mean[tech]!;
    // Shrunk: moved toward the climber's data, not all the way.
    expect(learning.coefficients[tech]!).toBeGreaterThan(prior + 0.5);

    await logSimulated(user.id, truth, 25, 8);
    await waitFor(
      "the quick update after 37 sessions",
      async () => (await userModel(user.id)).sessionsIncluded === 37,
    );
    const personal = await userModel(user.id);
    expect(personal.phase).toBe("personalized");
    expect(Math.abs(personal.coefficients[tech]! - 9)).toBeLessThan(
      Math.abs(learning.coefficients[tech]! - 9),
    );
    const advice = await generateRecommendation(user.id, typical);
    expect(advice.prediction).toMatchObject({ phase: "personalized", sessions_included: 37 });
    expect(advice.recommendations!.recommendation.session_type).toBe("technique");
    // Exercises are pitched at the climber's grades, in the scale they use.
    expect(JSON.stringify(advice.recommendations!.recommendation.exercises)).toMatch(/6[ABC]\+?/);
    expect(advice.stats!.quality_30d.sessions).toBeGreaterThan(20);
    expect(advice.stats!.trend.sessions).toBe(advice.stats!.quality_30d.sessions);
  });

  it("fits the whole hierarchy nightly with diagnostics, and quick updates then shrink toward that fit", async () => {
    const r = createRandom(99);
    const mean = priorPopulation().mean.map((m, k) => (k < 5 ? m - 1 : m));
    const sds = mean.map((_, k) => (k < 5 ? 0.8 : 0.1));
    for (let c = 0; c < 5; c++) {
      const user = await climber();
      await logSimulated(user.id, drawClimber(r, mean, sds), 20, 100 + c);
    }
    const outcome = await runNightlyFit("manual");
    expect(outcome).toMatchObject({ status: "succeeded", error: null });
    expect(outcome.climbers).toBeGreaterThanOrEqual(5);
    const [run] = await db().select().from(climbModelRuns).where(eq(climbModelRuns.id, outcome.runId));
    expect(run).toMatchObject({ status: "succeeded", progress: 1 });
    expect(run!.maxRhat).toBeGreaterThan(0.9);
    expect((run!.diagnostics as { parameter: string }[]).map((d) => d.parameter)).toContain("sigma");
    expect(outcome.converged).toBe(true);
    expect(run!.maxRhat!).toBeLessThan(1.1);
    expect(run!.minEss!).toBeGreaterThan(100);
    invalidatePopulation();
    expect(await cachedPopulation()).toMatchObject({ source: "nightly", runId: outcome.runId });
    const outputs = await db().select().from(modelOutputs).where(eq(modelOutputs.runId, outcome.runId));
    expect(outputs.filter((o) => o.source === "nightly").length).toBeGreaterThanOrEqual(5);
    // A newcomer now starts from the fitted population, not the literature priors.
    const newcomer = await climber();
    const fitted = await cachedPopulation();
    expect((await quickUpdate(newcomer.id)).coefficients).toEqual(fitted.mean);
    expect(fitted.mean).not.toEqual(priorPopulation().mean);
  }, 60_000);

  it("seeds demo climbing history past cold start", async () => {
    const user = await climber();
    await recordSimulatedClimbing(user.id, { sessions: 18, days: 42, seed: 2026 });
    expect(await userModel(user.id)).toMatchObject({
      phase: "learning",
      sessionsIncluded: 18,
      source: expect.stringMatching(/quick|nightly/),
    });
    const advice = await generateRecommendation(user.id, typical);
    expect(advice.stats!.quality_30d.sessions).toBeGreaterThan(5);
    expect(advice.stats!.load.last_7_days).toBeGreaterThan(0);
  });
});
