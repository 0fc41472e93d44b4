import { itemCounts, type InteractionSet } from "./interactions.ts";
import { type Recommender } from "./metrics.ts";

/** Most-popular baseline: every user gets the items with the most training interactions. */
export interface Popularity extends Recommender {
  counts: Int32Array;
}

export function trainPopularity(train: InteractionSet): Popularity {
  const counts = itemCounts(train);
  return {
    counts,
    score: (_user, out) => {
      for (let i = 0; i < counts.length; i++) out[i] = counts[i]!;
    },
  };
}
