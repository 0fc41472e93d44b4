import { eq, sql } from "drizzle-orm";
import { default_w } from "ts-fsrs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { learnCards, learnerProfiles, learnFsrsRuns, vocabularyWords } from "../../db/schema";
import { startBoss, stopBoss } from "../../jobs/boss";
import { learnOptimizeFsrs } from "../../jobs/learn-optimize-fsrs";
import { queues } from "../../jobs/registry";
import { createUser } from "../../app/modules/auth/users.server";
import { optimizationOverview, optimizeLearner } from "../../app/modules/learn/optimize.server";
import { OPTIMIZE_EVERY_REVIEWS, OPTIMIZE_QUEUE } from "../../app/modules/learn/optimize-requests.server";
import { getProfile, saveProfile } from "../../app/modules/learn/profile.server";
import { submitReview } from "../../app/modules/learn/reviews.server";
import { recordSimulatedReviews } from "../../app/modules/learn/simulated-reviews.server";
import { ensureDefaultVocabulary } from "../../app/modules/learn/vocabulary.server";
import { waitFor } from "../support/wait";

let n = 0;
const learner = () =>
  createUser({ email: `opt${++n}@example.test`, displayName: `Learner ${n}`, password: "long-password-1" });
const profile = {
  cefr_level: "A1" as const,
  daily_new_limit: 10,
  daily_review_limit: 200,
  desired_retention: 0.9,
  timezone: "Europe/Paris",
};
const runsOf = (userId: string) =>
  db().select().from(learnFsrsRuns).where(eq(learnFsrsRuns.userId, userId)).orderBy(learnFsrsRuns.createdAt);

beforeAll(async () => {
  await ensureDefaultVocabulary();
  // Only this module's queue, with a worker: a queued optimisation really runs.
  await startBoss({
    url: process.env.PRAXIS_TEST_DATABASE_URL!,
    work: true,
    queues: queues.filter((q) => q.name === OPTIMIZE_QUEUE),
  });
});
afterAll(() => stopBoss(5000));

describe("learn.optimize-fsrs", () => {
  it("records why it did not fit a learner with too few reviews, and keeps the defaults", async () => {
    const user = await learner();
    await saveProfile(user.id, profile);
    const [word] = await db().select({ id: vocabularyWords.id }).from(vocabularyWords).limit(1);
    await submitReview(user.id, { word_id: word!.id, rating: 2, direction: "fr-en", answer_mode: "flip" });
    const outcome = await optimizeLearner(user.id);
    expect(outcome).toMatchObject({ adopted: false, reviews: 1, fittedWeights: null, metrics: {} });
    expect(outcome!.reason).toMatch(/Not enough reviews yet: 0 long-term reviews/);
    expect((await getProfile(user.id))!).toMatchObject({ fsrsWeights: null, reviewsSinceOptimized: 0 });
    expect(await runsOf(user.id)).toHaveLength(1);
  });

  it("fits a learner whose memory differs from the defaults, adopts the fit, and keeps it on a rerun", async () => {
    const user = await learner();
    const sim = await recordSimulatedReviews(user.id, { seed: 1, days: 200, newPerDay: 10 });
    expect(sim.reviews).toBeGreaterThan(10_000);
    expect((await getProfile(user.id))!.reviewsSinceOptimized).toBe(sim.reviews);

    const cardsBefore = await db().select().from(learnCards).where(eq(learnCards.userId, user.id));
    const first = (await optimizeLearner(user.id))!;
    expect(first.testReviews).toBeGreaterThan(1_000);
    const { current, fitted } = first.metrics;
    expect(fitted!.logLoss).toBeLessThan(current!.logLoss);
    expect(fitted!.rmseBins).toBeLessThanOrEqual(current!.rmseBins);
    expect(first.adopted).toBe(true);
    expect(first.reason).toMatch(/^Adopted: log loss 0\.\d{4} vs 0\.\d{4}/);
    const adopted = (await getProfile(user.id))!;
    expect(adopted.fsrsWeights).toEqual(first.fittedWeights);
    expect(adopted.fsrsWeights).not.toEqual([...default_w]);
    expect(adopted.reviewsSinceOptimized).toBe(0);
    // Every card's memory is re-estimated under the adopted weights; its due date is kept.
    const cardsAfter = new Map(
      (await db().select().from(learnCards).where(eq(learnCards.userId, user.id))).map((c) => [c.wordId, c]),
    );
    const changed = cardsBefore.filter((c) => cardsAfter.get(c.wordId)!.stability !== c.stability);
    expect(changed.length).toBeGreaterThan(cardsBefore.length * 0.9);
    for (const c of cardsBefore) expect(cardsAfter.get(c.wordId)!.due).toEqual(c.due);

    // Fitting the same log again cannot beat the weights it produced: they stay, and the defaults are shown too.
    const second = (await optimizeLearner(user.id))!;
    expect(second.adopted).toBe(false);
    expect(second.reason).toMatch(/^Kept the learner's current weights/);
    expect(second.metrics.default!.logLoss).toBeGreaterThan(second.metrics.current!.logLoss);
    expect((await getProfile(user.id))!.fsrsWeights).toEqual(first.fittedWeights);

    const row = (await optimizationOverview()).find((r) => r.userId === user.id)!;
    expect(row).toMatchObject({ personalWeights: true, adopted: false, totalReviews: sim.reviews });
    expect(row.metrics!.fitted!.n).toBe(second.testReviews);
  });

  it(`queues a run after every ${OPTIMIZE_EVERY_REVIEWS} reviews, and the worker runs it`, async () => {
    const user = await learner();
    await saveProfile(user.id, profile);
    await db()
      .update(learnerProfiles)
      .set({ reviewsSinceOptimized: OPTIMIZE_EVERY_REVIEWS - 1 })
      .where(eq(learnerProfiles.userId, user.id));
    const [word] = await db().select({ id: vocabularyWords.id }).from(vocabularyWords).limit(1);
    await submitReview(user.id, { word_id: word!.id, rating: 3, direction: "fr-en", answer_mode: "flip" });
    const [run] = await waitFor("the queued optimisation to run", async () => {
      const runs = await runsOf(user.id);
      return runs.length ? runs : null;
    });
    expect(run).toMatchObject({ adopted: false, reviews: 1 });
    expect((await getProfile(user.id))!.reviewsSinceOptimized).toBe(0);
  });

  it("weekly: queues every learner with reviews since their last run, and only them", async () => {
    const idle = await learner();
    await saveProfile(idle.id, profile);
    const active = await learner();
    await saveProfile(active.id, profile);
    await db()
      .update(learnerProfiles)
      .set({ reviewsSinceOptimized: 3 })
      .where(eq(learnerProfiles.userId, active.id));
    await learnOptimizeFsrs([{ id: "weekly", name: OPTIMIZE_QUEUE, data: null } as never]);
    await waitFor("the active learner's run", async () => (await runsOf(active.id)).length === 1);
    const queued = await db().execute<{ user_id: string }>(
      sql`select data->>'userId' as user_id from pgboss.job where name = ${OPTIMIZE_QUEUE}`,
    );
    expect(queued.map((r) => r.user_id)).toContain(active.id);
    expect(queued.map((r) => r.user_id)).not.toContain(idle.id);
    expect(await runsOf(idle.id)).toHaveLength(0);
  });
});
