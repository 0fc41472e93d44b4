import { and, eq, gte, sql } from "drizzle-orm";
import { db } from "../../../../db/client.ts";
import { learnCards, learnReviewLogs } from "../../../../db/schema/index.ts";
import type { LanguageError } from "../../../../ml/french/checker.ts";
import type { FrenchLexicon } from "../../../../ml/french/lexicon.ts";
import { tokenize } from "../../../../ml/french/tokenize.ts";
import type { DrillResult, TutorWord } from "./offline-tutor.ts";
import { getQueue, submitReview } from "../reviews.server.ts";

/** Today's words for the tutor: the learner's queue (due first, then new), as the review screen has it. */
export async function tutorWords(
  userId: string,
  limit = 12,
): Promise<{ words: TutorWord[]; dayStart: Date }> {
  const queue = await getQueue(userId, limit);
  return {
    dayStart: new Date(queue.day_start),
    words: queue.items.map((i) => ({
      id: i.word_id,
      french: i.french,
      english: i.english,
      partOfSpeech: i.part_of_speech,
      gender: i.gender as TutorWord["gender"],
    })),
  };
}

/**
 * Which of `words` the message uses (as written, or inflected: a plural noun, an agreed adjective, a
 * conjugated verb), and whether without an error on it.
 */
export function wordUsage(
  text: string,
  words: readonly TutorWord[],
  errors: readonly LanguageError[],
  lex: FrenchLexicon,
): Map<number, "correct" | "incorrect"> {
  const byFrench = new Map(words.map((w) => [w.french.toLowerCase(), w]));
  const usage = new Map<number, "correct" | "incorrect">();
  for (const t of tokenize(text)) {
    const lemmas = new Set([
      t.lower,
      ...lex.nouns(t.lower).map((n) => n.lemma),
      ...lex.adjectives(t.lower).map((a) => a.lemma),
      ...lex.verbs(t.lower).map((v) => v.infinitive),
    ]);
    for (const lemma of lemmas) {
      const word = byFrench.get(lemma);
      if (!word) continue;
      const wrong = errors.some((e) => e.start < t.end && t.start < e.end);
      if (usage.get(word.id) !== "incorrect") usage.set(word.id, wrong ? "incorrect" : "correct");
    }
  }
  return usage;
}

/**
 * Implicit reviews from a tutor turn (docs/decisions/013):
 * - the answer to an offline drill on a word from today's queue is a review of it: right → Good,
 *   right but for an accent → Hard, wrong → Again (so a new word is introduced by it, as on a flashcard);
 * - a word of the learner's that is due today and used in a message counts as Good if used without an
 *   error on it, Hard if an error touches it (they recalled the word but not its form);
 * - at most one implicit review per word per learner day; new words are never introduced by mere use.
 */
export async function implicitReviews(
  userId: string,
  usage: ReadonlyMap<number, "correct" | "incorrect">,
  drill: DrillResult | null,
  dayStart: Date,
): Promise<{ word_id: number; rating: 0 | 1 | 2; source: "drill" | "usage" }[]> {
  const planned = new Map<number, { rating: 0 | 1 | 2; source: "drill" | "usage" }>();
  if (drill)
    planned.set(drill.wordId, {
      rating: drill.verdict === "correct" ? 2 : drill.verdict === "accent" ? 1 : 0,
      source: "drill",
    });
  for (const [wordId, how] of usage)
    if (!planned.has(wordId)) planned.set(wordId, { rating: how === "correct" ? 2 : 1, source: "usage" });
  const done: { word_id: number; rating: 0 | 1 | 2; source: "drill" | "usage" }[] = [];
  for (const [wordId, plan] of planned) {
    const [already] = await db()
      .select({ id: learnReviewLogs.id })
      .from(learnReviewLogs)
      .where(
        and(
          eq(learnReviewLogs.userId, userId),
          eq(learnReviewLogs.wordId, wordId),
          eq(learnReviewLogs.answerMode, "conversation"),
          gte(learnReviewLogs.reviewedAt, dayStart),
        ),
      )
      .limit(1);
    if (already) continue;
    if (plan.source === "usage") {
      const [card] = await db()
        .select({ state: learnCards.state })
        .from(learnCards)
        .where(
          and(
            eq(learnCards.userId, userId),
            eq(learnCards.wordId, wordId),
            sql`${learnCards.due} < ${new Date(dayStart.getTime() + 86_400_000).toISOString()}::timestamptz`,
          ),
        );
      if (!card) continue;
    }
    await submitReview(userId, {
      word_id: wordId,
      rating: plan.rating,
      direction: "fr-en",
      answer_mode: "conversation",
    });
    done.push({ word_id: wordId, ...plan });
  }
  return done;
}
