import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";

/** A French word the learner is working on, for other modules to practise with (typing drills, word stories). */
export interface PracticeWord {
  wordId: number;
  french: string;
  english: string;
  exampleFr: string | null;
  exampleEn: string | null;
  partOfSpeech: string | null;
  /** Due for review today (by the card's due time), as opposed to learnt and not yet due. */
  due: boolean;
}

/**
 * The learner's words to practise outside reviews: the ones due now first (most overdue first), then the
 * ones reviewed most recently. Only words the learner has met (a card exists); [] for someone who has not
 * started French.
 */
export async function practiceWords(
  userId: string,
  limit: number,
  now = new Date(),
): Promise<PracticeWord[]> {
  const rows = await db().execute<{
    word_id: number;
    french: string;
    english: string;
    example_fr: string | null;
    example_en: string | null;
    part_of_speech: string | null;
    due: boolean;
  }>(sql`
    select w.id as word_id, w.french, w.english, w.example_fr, w.example_en, w.part_of_speech,
      (c.due <= ${now.toISOString()}::timestamptz) as due
    from learn_cards c join vocabulary_words w on w.id = c.word_id
    where c.user_id = ${userId}
    order by (c.due <= ${now.toISOString()}::timestamptz) desc,
      case when c.due <= ${now.toISOString()}::timestamptz then c.due end asc,
      c.last_review desc nulls last, w.rank
    limit ${limit}`);
  return rows.map((r) => ({
    wordId: r.word_id,
    french: r.french,
    english: r.english,
    exampleFr: r.example_fr,
    exampleEn: r.example_en,
    partOfSpeech: r.part_of_speech,
    due: r.due,
  }));
}
