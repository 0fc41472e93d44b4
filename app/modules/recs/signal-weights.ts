/** How much each event says about interest; impressions say nothing, a skip counts against. */
export const SIGNAL_WEIGHTS: Record<string, number> = {
  impression: 0,
  click: 1,
  view: 1,
  quiz_answer: 0.5,
  complete: 3,
  like: 4,
  skip: -1,
};
