import { and, desc, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import {
  learnCards,
  learnerProfiles,
  learnReviewLogs,
  vocabularyWords,
  xpEvents,
} from "../../../db/schema/index.ts";
import {
  intervalLabel,
  newCard,
  previewDue,
  retrievability,
  review,
  schedulerFor,
  STATE_NAMES,
  type ApiRating,
  type StoredCard,
} from "../../../ml/srs/fsrs-scheduler.ts";
import { hasBoss } from "../../../jobs/boss.ts";
import { invalidateOwner } from "../../lib/cache.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { OPTIMIZE_EVERY_REVIEWS, requestOptimization } from "./optimize-requests.server.ts";
import { getProfile, type LearnerProfile } from "./profile.server.ts";
import type { ReviewInput } from "./schemas.ts";
import { CEFR_LEVELS } from "./vocabulary-csv.ts";

/**
 * Reviews and the daily queue (the seed's /api/v1/progress). Decisions (docs/decisions/009):
 * - "Today" is the learner's calendar day in their time zone; daily limits count reviews logged since its start.
 * - Review-state cards due any time today are shown; (re)learning cards up to 20 minutes early (Anki's
 *   learn-ahead), because their steps are minutes long.
 * - A card reviewed before it is due is accepted and scheduled as FSRS says (a higher retrievability
 *   gives a smaller stability gain); nothing is refused for being early.
 * - New words come in frequency order from the learner's CEFR band upwards.
 */
export class LearnError extends Error {
  constructor(
    readonly status: 403 | 404 | 409,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(detail);
  }
}

const LEARN_AHEAD_MINUTES = 20;

async function requireProfile(userId: string): Promise<LearnerProfile> {
  const profile = await getProfile(userId);
  if (!profile)
    throw new LearnError(409, "Choose your level first: create a learner profile", [
      { path: "profile", message: "No learner profile yet (PUT /api/v1/learn/profile)" },
    ]);
  return profile;
}

const cardColumns = {
  due: learnCards.due,
  stability: learnCards.stability,
  difficulty: learnCards.difficulty,
  elapsedDays: learnCards.elapsedDays,
  scheduledDays: learnCards.scheduledDays,
  learningSteps: learnCards.learningSteps,
  reps: learnCards.reps,
  lapses: learnCards.lapses,
  state: learnCards.state,
  lastReview: learnCards.lastReview,
};

const wordColumns = {
  id: vocabularyWords.id,
  french: vocabularyWords.french,
  english: vocabularyWords.english,
  partOfSpeech: vocabularyWords.partOfSpeech,
  gender: vocabularyWords.gender,
  cefrLevel: vocabularyWords.cefrLevel,
  exampleFr: vocabularyWords.exampleFr,
  exampleEn: vocabularyWords.exampleEn,
};
type WordRow = Pick<typeof vocabularyWords.$inferSelect, keyof typeof wordColumns>;

function wordJson(w: WordRow) {
  return {
    word_id: w.id,
    french: w.french,
    english: w.english,
    part_of_speech: w.partOfSpeech,
    gender: w.gender,
    cefr_level: w.cefrLevel,
    example_fr: w.exampleFr,
    example_en: w.exampleEn,
  };
}

export function cardJson(card: StoredCard, now: Date, scheduler: ReturnType<typeof schedulerFor>) {
  return {
    state: STATE_NAMES[card.state] ?? "new",
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    reps: card.reps,
    lapses: card.lapses,
    scheduled_days: card.scheduledDays,
    last_review: card.lastReview?.toISOString() ?? null,
    retrievability: retrievability(scheduler, card, now),
  };
}

function intervalsJson(card: StoredCard, now: Date, scheduler: ReturnType<typeof schedulerFor>) {
  const due = previewDue(scheduler, card, now);
  return Object.fromEntries(
    Object.entries(due).map(([name, at]) => [name, { due: at.toISOString(), label: intervalLabel(now, at) }]),
  ) as Record<keyof typeof due, { due: string; label: string }>;
}

function schedulerOf(profile: LearnerProfile) {
  return schedulerFor(profile.fsrsWeights, profile.desiredRetention);
}

/** Start of the learner's today, and what they have done since. */
async function today(userId: string, timezone: string, now: Date) {
  const [row] = await db().execute<{ day_start: Date; new_today: number; reviews_today: number }>(sql`
    with day as (
      select (date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${timezone}) at time zone ${timezone}) as start
    )
    select day.start as day_start,
      count(l.id) filter (where l.state_before = 0)::int as new_today,
      count(l.id) filter (where l.state_before <> 0)::int as reviews_today
    from day left join learn_review_logs l on l.user_id = ${userId} and l.reviewed_at >= day.start
    group by day.start`);
  return { dayStart: new Date(row!.day_start), newToday: row!.new_today, reviewsToday: row!.reviews_today };
}

export async function getQueue(userId: string, limit: number, now = new Date()) {
  const profile = await requireProfile(userId);
  const scheduler = schedulerOf(profile);
  const { dayStart, newToday, reviewsToday } = await today(userId, profile.timezone, now);
  const dayEnd = new Date(dayStart.getTime() + 24 * 3600_000);
  const learnAhead = new Date(now.getTime() + LEARN_AHEAD_MINUTES * 60_000);
  const dueCondition = and(
    eq(learnCards.userId, userId),
    sql`((${learnCards.state} in (1, 3) and ${learnCards.due} <= ${learnAhead.toISOString()}::timestamptz)
      or (${learnCards.state} = 2 and ${learnCards.due} < ${dayEnd.toISOString()}::timestamptz))`,
  );
  const reviewsLeft = Math.max(0, profile.dailyReviewLimit - reviewsToday);
  const newLeft = Math.max(0, profile.dailyNewLimit - newToday);
  const [dueCount] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(learnCards)
    .where(dueCondition);
  const due = await db()
    .select({ word: wordColumns, card: cardColumns })
    .from(learnCards)
    .innerJoin(vocabularyWords, eq(vocabularyWords.id, learnCards.wordId))
    .where(dueCondition)
    .orderBy(learnCards.due)
    .limit(Math.min(limit, reviewsLeft));
  const levels = CEFR_LEVELS.slice(CEFR_LEVELS.indexOf(profile.cefrLevel as (typeof CEFR_LEVELS)[number]));
  const fresh = await db()
    .select({ word: wordColumns })
    .from(vocabularyWords)
    .where(
      and(
        sql`${vocabularyWords.cefrLevel} in ${levels}`,
        sql`not exists (select 1 from learn_cards c where c.user_id = ${userId} and c.word_id = ${vocabularyWords.id})`,
      ),
    )
    .orderBy(vocabularyWords.rank)
    .limit(Math.min(Math.max(0, limit - due.length), newLeft));
  const [nextLater] = await db()
    .select({ due: learnCards.due })
    .from(learnCards)
    .where(and(eq(learnCards.userId, userId), sql`${learnCards.due} > ${now.toISOString()}::timestamptz`))
    .orderBy(learnCards.due)
    .limit(1);

  const items = [
    ...due.map(({ word, card }) => ({
      kind: "due" as const,
      ...wordJson(word),
      card: cardJson(card, now, scheduler),
      intervals: intervalsJson(card, now, scheduler),
    })),
    ...fresh.map(({ word }) => {
      const card = newCard(now);
      return {
        kind: "new" as const,
        ...wordJson(word),
        card: cardJson(card, now, scheduler),
        intervals: intervalsJson(card, now, scheduler),
      };
    }),
  ];
  return {
    items,
    counts: {
      due: dueCount?.n ?? 0,
      new_today: newToday,
      reviews_today: reviewsToday,
      new_left_today: newLeft,
      reviews_left_today: reviewsLeft,
    },
    day_start: dayStart.toISOString(),
    timezone: profile.timezone,
    next_due_at: nextLater?.due.toISOString() ?? null,
  };
}

class DuplicateReview extends Error {}

/** Best effort: the weekly run picks up anyone whose request was lost. */
async function queueOptimization(userId: string): Promise<void> {
  if (!hasBoss()) return;
  try {
    await requestOptimization(userId);
  } catch (error) {
    logger().warn({ err: error, userId }, "could not queue learn.optimize-fsrs; the weekly run will");
  }
}

/** A stored card snapshot (JSON, dates as strings) back to a card. */
function cardFromJson(value: unknown): StoredCard {
  const v = value as Record<string, unknown>;
  return {
    ...(v as unknown as StoredCard),
    due: new Date(v.due as string),
    lastReview: v.lastReview ? new Date(v.lastReview as string) : null,
  };
}

export async function submitReview(userId: string, input: ReviewInput, now = new Date()) {
  const profile = await requireProfile(userId);
  const scheduler = schedulerOf(profile);
  let dueForOptimization = false;
  try {
    const result = await db().transaction(async (tx) => {
      const [word] = await tx
        .select({ id: vocabularyWords.id })
        .from(vocabularyWords)
        .where(eq(vocabularyWords.id, input.word_id));
      if (!word)
        throw new LearnError(404, "No such word", [{ path: "word_id", message: "No word with this id" }]);
      // The row lock serialises two reviews of one card (two tabs, a retry racing the original).
      const [existing] = await tx
        .select(cardColumns)
        .from(learnCards)
        .where(and(eq(learnCards.userId, userId), eq(learnCards.wordId, input.word_id)))
        .for("update");
      const before = existing ?? newCard(now);
      const after = review(scheduler, before, now, input.rating as ApiRating);
      const [log] = await tx
        .insert(learnReviewLogs)
        .values({
          userId,
          wordId: input.word_id,
          clientReviewId: input.client_review_id ?? null,
          rating: input.rating + 1,
          stateBefore: before.state,
          cardBefore: before,
          direction: input.direction,
          answerMode: input.answer_mode,
          durationMs: input.duration_ms ?? null,
          reviewedAt: now,
          nextDue: after.due,
        })
        .onConflictDoNothing()
        .returning({ id: learnReviewLogs.id });
      if (!log) throw new DuplicateReview();
      await tx
        .insert(learnCards)
        .values({ userId, wordId: input.word_id, ...after })
        .onConflictDoUpdate({ target: [learnCards.userId, learnCards.wordId], set: after });
      // Flashcard reviews earn 1 XP; a review implied by a tutor turn is paid by the turn's XP.
      if (input.answer_mode !== "conversation")
        await tx.insert(xpEvents).values({ userId, source: "review", amount: 1, refId: log.id });
      const [counter] = await tx
        .update(learnerProfiles)
        .set({ reviewsSinceOptimized: sql`${learnerProfiles.reviewsSinceOptimized} + 1` })
        .where(eq(learnerProfiles.userId, userId))
        .returning({ since: learnerProfiles.reviewsSinceOptimized });
      dueForOptimization = counter!.since % OPTIMIZE_EVERY_REVIEWS === 0;
      await invalidateOwner(userId, tx);
      return {
        review_id: log.id,
        word_id: input.word_id,
        rating: input.rating,
        next_review: after.due.toISOString(),
        interval: intervalLabel(now, after.due),
        duplicate: false,
        card: cardJson(after, now, scheduler),
      };
    });
    if (dueForOptimization) await queueOptimization(userId);
    return result;
  } catch (error) {
    if (!(error instanceof DuplicateReview)) throw error;
    // The same client id again: answer with what the first one did (nothing new was written).
    const [first] = await db()
      .select()
      .from(learnReviewLogs)
      .where(
        and(eq(learnReviewLogs.userId, userId), eq(learnReviewLogs.clientReviewId, input.client_review_id!)),
      );
    return {
      review_id: first!.id,
      word_id: first!.wordId,
      rating: first!.rating - 1,
      next_review: first!.nextDue.toISOString(),
      interval: intervalLabel(first!.reviewedAt, first!.nextDue),
      duplicate: true,
      card: null,
    };
  }
}

/** Takes back the learner's most recent review: the card returns to what it was and the log row goes. */
export async function undoLastReview(userId: string) {
  return db().transaction(async (tx) => {
    const [last] = await tx
      .select()
      .from(learnReviewLogs)
      .where(eq(learnReviewLogs.userId, userId))
      .orderBy(desc(learnReviewLogs.reviewedAt))
      .limit(1)
      .for("update");
    if (!last) throw new LearnError(404, "There is no review to undo");
    const before = cardFromJson(last.cardBefore);
    if (last.stateBefore === 0 && before.reps === 0)
      await tx
        .delete(learnCards)
        .where(and(eq(learnCards.userId, userId), eq(learnCards.wordId, last.wordId)));
    else
      await tx
        .update(learnCards)
        .set(before)
        .where(and(eq(learnCards.userId, userId), eq(learnCards.wordId, last.wordId)));
    await tx.delete(learnReviewLogs).where(eq(learnReviewLogs.id, last.id));
    await tx.delete(xpEvents).where(and(eq(xpEvents.refId, last.id), eq(xpEvents.source, "review")));
    await invalidateOwner(userId, tx);
    await tx
      .update(learnerProfiles)
      .set({ reviewsSinceOptimized: sql`greatest(0, ${learnerProfiles.reviewsSinceOptimized} - 1)` })
      .where(eq(learnerProfiles.userId, userId));
    return { undone: { review_id: last.id, word_id: last.wordId, rating: last.rating - 1 } };
  });
}

export async function getProgress(userId: string, wordId: number, now = new Date()) {
  const [word] = await db().select(wordColumns).from(vocabularyWords).where(eq(vocabularyWords.id, wordId));
  if (!word) throw new LearnError(404, "No such word", [{ path: "wordId", message: "No word with this id" }]);
  const profile = await getProfile(userId);
  const scheduler = schedulerFor(profile?.fsrsWeights ?? null, profile?.desiredRetention ?? 0.9);
  const [card] = await db()
    .select(cardColumns)
    .from(learnCards)
    .where(and(eq(learnCards.userId, userId), eq(learnCards.wordId, wordId)));
  const history = await db()
    .select({ rating: learnReviewLogs.rating, at: learnReviewLogs.reviewedAt, next: learnReviewLogs.nextDue })
    .from(learnReviewLogs)
    .where(and(eq(learnReviewLogs.userId, userId), eq(learnReviewLogs.wordId, wordId)))
    .orderBy(learnReviewLogs.reviewedAt);
  return {
    ...wordJson(word),
    card: cardJson(card ?? newCard(now), now, scheduler),
    reviews: history.map((h) => ({
      rating: h.rating - 1,
      reviewed_at: h.at.toISOString(),
      next_review: h.next.toISOString(),
    })),
  };
}
