import { newCard, review, schedulerFor, type ApiRating } from "./fsrs-scheduler.ts";

/**
 * Each card's memory (stability, difficulty) as the given weights would have it after the card's whole
 * review history: what a learner's cards are re-estimated to when new weights are adopted. Due dates are not
 * touched here (Anki's default too: new weights change intervals from each card's next review on).
 */
export function replayMemory(
  weights: readonly number[],
  retention: number,
  reviews: readonly { wordId: number; at: Date; rating: number }[],
): Map<number, { stability: number; difficulty: number }> {
  const scheduler = schedulerFor(weights, retention);
  const byWord = new Map<number, { at: Date; rating: number }[]>();
  for (const r of reviews) {
    const list = byWord.get(r.wordId);
    if (list) list.push(r);
    else byWord.set(r.wordId, [r]);
  }
  const out = new Map<number, { stability: number; difficulty: number }>();
  for (const [wordId, list] of byWord) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    let card = newCard(list[0]!.at);
    for (const r of list) card = review(scheduler, card, r.at, (r.rating - 1) as ApiRating);
    out.set(wordId, { stability: card.stability, difficulty: card.difficulty });
  }
  return out;
}
