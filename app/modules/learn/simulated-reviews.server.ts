import { asc, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { learnCards, learnerProfiles, learnReviewLogs, vocabularyWords } from "../../../db/schema/index.ts";
import {
  newCard,
  review,
  schedulerFor,
  type ApiRating,
  type StoredCard,
} from "../../../ml/srs/fsrs-scheduler.ts";
import { simulateLearner } from "../../../ml/srs/simulated-learners.ts";
import { getProfile, saveProfile } from "./profile.server.ts";

const DAY = 86_400_000;

/**
 * Writes a simulated learner's review history (ml/srs/simulated-learners.ts: a known memory model) for a
 * real user, ending the day before `endAt`: words in frequency order, each review replayed through the
 * user's own scheduler so the logs and cards are exactly what reviewing in the app would have stored.
 * The demo account starts with it, and the optimiser's tests use it. Only for a user with no cards yet.
 */
export async function recordSimulatedReviews(
  userId: string,
  options: { seed: number; days: number; newPerDay: number; endAt?: Date },
): Promise<{ reviews: number; words: number; trueWeights: number[] }> {
  const [existing] = await db().select().from(learnCards).where(eq(learnCards.userId, userId)).limit(1);
  if (existing) throw new Error("This learner already has cards: simulated history is for new learners");
  const end = options.endAt ?? new Date();
  const first = new Date(end.getTime() - options.days * DAY);
  const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate(), 9, 0);
  const sim = simulateLearner({
    seed: options.seed,
    days: options.days,
    newPerDay: options.newPerDay,
    start,
  });

  const profile =
    (await getProfile(userId)) ??
    (await saveProfile(userId, {
      cefr_level: "A1",
      daily_new_limit: options.newPerDay,
      daily_review_limit: 200,
      desired_retention: 0.9,
      timezone: "UTC",
    }));
  const scheduler = schedulerFor(profile.fsrsWeights, profile.desiredRetention);
  const cardIds = [...new Set(sim.revlog.map((e) => e.cardId))];
  const words = await db()
    .select({ id: vocabularyWords.id })
    .from(vocabularyWords)
    .orderBy(asc(vocabularyWords.rank))
    .limit(cardIds.length);
  if (words.length < cardIds.length)
    throw new Error(`The vocabulary has ${words.length} words; the simulation needs ${cardIds.length}`);
  const wordOf = new Map(cardIds.map((c, i) => [c, words[i]!.id]));

  const cards = new Map<number, StoredCard>();
  const logs: (typeof learnReviewLogs.$inferInsert)[] = [];
  for (const e of sim.revlog) {
    const wordId = wordOf.get(e.cardId)!;
    const now = new Date(e.time);
    const before = cards.get(wordId) ?? newCard(now);
    const after = review(scheduler, before, now, (e.rating - 1) as ApiRating);
    cards.set(wordId, after);
    logs.push({
      userId,
      wordId,
      rating: e.rating,
      stateBefore: before.state,
      cardBefore: before,
      direction: "fr-en",
      answerMode: "flip",
      reviewedAt: now,
      nextDue: after.due,
    });
  }
  await db().transaction(async (tx) => {
    for (let i = 0; i < logs.length; i += 1_000)
      await tx.insert(learnReviewLogs).values(logs.slice(i, i + 1_000));
    const rows = [...cards].map(([wordId, card]) => ({ userId, wordId, ...card }));
    for (let i = 0; i < rows.length; i += 1_000) await tx.insert(learnCards).values(rows.slice(i, i + 1_000));
    await tx
      .update(learnerProfiles)
      .set({ reviewsSinceOptimized: sql`${learnerProfiles.reviewsSinceOptimized} + ${logs.length}` })
      .where(eq(learnerProfiles.userId, userId));
  });
  return { reviews: logs.length, words: cards.size, trueWeights: sim.trueWeights };
}
