import { practiceWords, type PracticeWord } from "../learn/practice-words.server.ts";
import { pickStoryWords } from "./word-story.ts";

/** How many of the learner's words a story carries. */
export const WORD_STORY_WORDS = 4;

/**
 * The learner's French words for a story, from the learn module: due ones first, content words before
 * function words (word-story.ts); [] for someone who has not started French.
 */
export async function storyWordsFor(userId: string): Promise<PracticeWord[]> {
  return pickStoryWords(await practiceWords(userId, 3 * WORD_STORY_WORDS), WORD_STORY_WORDS);
}
