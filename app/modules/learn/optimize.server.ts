import { asc, desc, eq, gt, sql } from "drizzle-orm";
import { default_w } from "ts-fsrs";
import { db } from "../../../db/client.ts";
import { learnerProfiles, learnFsrsRuns, learnReviewLogs, users } from "../../../db/schema/index.ts";
import { MIN_TEST_REVIEWS, MIN_TRAIN_ITEMS } from "../../../ml/srs/evaluation.ts";
import { score, type Scores } from "../../../ml/srs/metrics.ts";
import { fitWeights, trainingItems } from "../../../ml/srs/optimizer.ts";
import { replayMemory } from "../../../ml/srs/memory-replay.ts";
import { fsrsPredictor } from "../../../ml/srs/predictors.ts";
import { cardHistories, timeCutoff, type Button } from "../../../ml/srs/revlog.ts";
import { getProfile } from "./profile.server.ts";

/**
 * Per-learner FSRS optimisation (the learn.optimize-fsrs job; docs/decisions/010). The learner's review log
 * is split in time: the earliest 80% fits new weights with fsrs-rs, the most recent 20% is held out and
 * both the weights in use and the fitted ones predict it. The fitted weights are adopted only if they
 * beat the weights in use on log loss without a worse RMSE(bins): the same weights that were scored.
 */
const TRAIN_FRACTION = 0.8;
/** Days are counted as Anki counts them: a new day at 04:00 in the learner's zone. */
const NEXT_DAY_STARTS_AT = 4;

export interface FsrsRunMetrics {
  current?: Scores;
  fitted?: Scores;
  default?: Scores;
}

export interface OptimizeOutcome {
  id: string;
  adopted: boolean;
  reason: string;
  reviews: number;
  trainReviews: number;
  testReviews: number;
  metrics: FsrsRunMetrics;
  fittedWeights: number[] | null;
}

const f4 = (x: number) => x.toFixed(4);

export async function optimizeLearner(userId: string): Promise<OptimizeOutcome | null> {
  const profile = await getProfile(userId);
  if (!profile) return null;
  const counted = profile.reviewsSinceOptimized;
  const log = await db()
    .select({
      wordId: learnReviewLogs.wordId,
      at: learnReviewLogs.reviewedAt,
      rating: learnReviewLogs.rating,
    })
    .from(learnReviewLogs)
    .where(eq(learnReviewLogs.userId, userId))
    .orderBy(asc(learnReviewLogs.reviewedAt));
  const histories = cardHistories(
    log.map((r) => ({ cardId: String(r.wordId), time: r.at.getTime(), rating: r.rating as Button })),
    { timeZone: profile.timezone, nextDayStartsAt: NEXT_DAY_STARTS_AT },
  );
  const cutoff = timeCutoff(histories, TRAIN_FRACTION);
  const trainReviews = trainingItems(histories, cutoff).length;
  const current = profile.fsrsWeights ?? [...default_w];
  const currentScores = score(fsrsPredictor(current)(histories, cutoff));
  const testReviews = currentScores.n;

  let fittedWeights: number[] | null = null;
  let metrics: FsrsRunMetrics = {};
  let adopted = false;
  let reason: string;
  if (trainReviews < MIN_TRAIN_ITEMS || testReviews < MIN_TEST_REVIEWS) {
    reason =
      `Not enough reviews yet: ${trainReviews} long-term reviews to fit on (needs ${MIN_TRAIN_ITEMS}) and ` +
      `${testReviews} recent ones to test on (needs ${MIN_TEST_REVIEWS}).`;
  } else {
    fittedWeights = await fitWeights(histories, cutoff);
    const fitted = score(fsrsPredictor(fittedWeights)(histories, cutoff));
    metrics = {
      current: currentScores,
      fitted,
      ...(profile.fsrsWeights ? { default: score(fsrsPredictor(default_w)(histories, cutoff)) } : {}),
    };
    const inUse = profile.fsrsWeights ? "the learner's current weights" : "the default weights";
    adopted = fitted.logLoss < currentScores.logLoss && fitted.rmseBins <= currentScores.rmseBins;
    reason = adopted
      ? `Adopted: log loss ${f4(fitted.logLoss)} vs ${f4(currentScores.logLoss)} and RMSE(bins) ` +
        `${f4(fitted.rmseBins)} vs ${f4(currentScores.rmseBins)} for ${inUse}, on ${testReviews} held-out reviews.`
      : `Kept ${inUse}: fitted log loss ${f4(fitted.logLoss)} vs ${f4(currentScores.logLoss)}, RMSE(bins) ` +
        `${f4(fitted.rmseBins)} vs ${f4(currentScores.rmseBins)} on ${testReviews} held-out reviews.`;
  }

  return db().transaction(async (tx) => {
    const [run] = await tx
      .insert(learnFsrsRuns)
      .values({
        userId,
        reviews: log.length,
        trainReviews,
        testReviews,
        fittedWeights,
        metrics,
        adopted,
        reason,
      })
      .returning({ id: learnFsrsRuns.id });
    await tx
      .update(learnerProfiles)
      .set({
        // Reviews logged while this ran still count towards the next run.
        reviewsSinceOptimized: sql`greatest(0, ${learnerProfiles.reviewsSinceOptimized} - ${counted})`,
        ...(adopted ? { fsrsWeights: fittedWeights, updatedAt: sql`now()` } : {}),
      })
      .where(eq(learnerProfiles.userId, userId));
    if (adopted && fittedWeights) {
      // Re-estimate every card's memory under the adopted weights; due dates stay as scheduled.
      const memory = [...replayMemory(fittedWeights, profile.desiredRetention, log)];
      for (let i = 0; i < memory.length; i += 1_000) {
        const rows = memory
          .slice(i, i + 1_000)
          .map(([wordId, m]) => sql`(${wordId}::int, ${m.stability}::float8, ${m.difficulty}::float8)`);
        await tx.execute(sql`
          update learn_cards c set stability = v.s, difficulty = v.d
          from (values ${sql.join(rows, sql`, `)}) as v(word_id, s, d)
          where c.user_id = ${userId} and c.word_id = v.word_id`);
      }
    }
    return {
      id: run!.id,
      adopted,
      reason,
      reviews: log.length,
      trainReviews,
      testReviews,
      metrics,
      fittedWeights,
    };
  });
}

/** Learners with reviews since their last optimisation: the weekly run's work list. */
export async function learnersToOptimize(): Promise<string[]> {
  const rows = await db()
    .select({ userId: learnerProfiles.userId })
    .from(learnerProfiles)
    .where(gt(learnerProfiles.reviewsSinceOptimized, 0));
  return rows.map((r) => r.userId);
}

/** Each learner's latest run and whether personal weights are in use: the admin page. */
export async function optimizationOverview() {
  const latest = db()
    .selectDistinctOn([learnFsrsRuns.userId])
    .from(learnFsrsRuns)
    .orderBy(learnFsrsRuns.userId, desc(learnFsrsRuns.createdAt))
    .as("latest");
  const rows = await db()
    .select({
      userId: learnerProfiles.userId,
      displayName: users.displayName,
      email: users.email,
      personalWeights: sql<boolean>`${learnerProfiles.fsrsWeights} is not null`,
      reviewsSinceOptimized: learnerProfiles.reviewsSinceOptimized,
      totalReviews: sql<number>`(select count(*)::int from ${learnReviewLogs} where ${learnReviewLogs.userId} = ${learnerProfiles.userId})`,
      runAt: latest.createdAt,
      runReviews: latest.reviews,
      trainReviews: latest.trainReviews,
      testReviews: latest.testReviews,
      metrics: latest.metrics,
      adopted: latest.adopted,
      reason: latest.reason,
    })
    .from(learnerProfiles)
    .innerJoin(users, eq(users.id, learnerProfiles.userId))
    .leftJoin(latest, eq(latest.userId, learnerProfiles.userId))
    .orderBy(sql`${latest.createdAt} desc nulls last`, asc(users.displayName));
  return rows.map((r) => ({ ...r, metrics: (r.metrics ?? null) as FsrsRunMetrics | null }));
}
