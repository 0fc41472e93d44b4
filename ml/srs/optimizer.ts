import { computeParameters, FSRSBindingItem, FSRSBindingReview } from "@open-spaced-repetition/binding";
import type { CardHistory } from "./revlog.ts";

/**
 * Fits FSRS-6 weights with the FSRS optimiser (fsrs-rs through @open-spaced-repetition/binding, the
 * optimiser Anki itself runs). The training items are fsrs-rs's: one per long-term review, holding the
 * card's reviews up to and including it; only reviews before `before` (ms) are used.
 */
export function trainingItems(histories: readonly CardHistory[], before = Infinity): FSRSBindingItem[] {
  const items: FSRSBindingItem[] = [];
  for (const h of histories) {
    const reviews = h.reviews.map((r) => new FSRSBindingReview(r.rating, r.deltaT));
    for (let i = 1; i < h.reviews.length; i++) {
      const r = h.reviews[i]!;
      if (r.time >= before) break;
      if (r.deltaT > 0) items.push(new FSRSBindingItem(reviews.slice(0, i + 1)));
    }
  }
  return items;
}

export async function fitWeights(histories: readonly CardHistory[], before = Infinity): Promise<number[]> {
  const items = trainingItems(histories, before);
  if (items.length === 0) throw new Error("No long-term reviews to fit on");
  return computeParameters(items, { enableShortTerm: true });
}
