import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { newCard, review, schedulerFor, type ApiRating } from "./fsrs-scheduler";
import { replayMemory } from "./memory-replay";

describe("replaying a card's memory", () => {
  const t0 = Date.UTC(2026, 0, 5, 9);
  const day = 86_400_000;
  const history = [
    { wordId: 7, at: new Date(t0), rating: 1 },
    { wordId: 7, at: new Date(t0 + 600_000), rating: 3 },
    { wordId: 7, at: new Date(t0 + 2 * day), rating: 3 },
    { wordId: 7, at: new Date(t0 + 9 * day), rating: 2 },
    { wordId: 9, at: new Date(t0 + day), rating: 4 },
  ];

  it("gives what reviewing in the app gave, for the same weights (in any input order)", () => {
    const scheduler = schedulerFor(default_w, 0.9);
    let card = newCard(history[0]!.at);
    for (const r of history.filter((h) => h.wordId === 7))
      card = review(scheduler, card, r.at, (r.rating - 1) as ApiRating);
    const replayed = replayMemory(default_w, 0.9, [...history].reverse());
    expect(replayed.get(7)).toEqual({ stability: card.stability, difficulty: card.difficulty });
    expect(replayed.size).toBe(2);
  });

  it("changes with the weights", () => {
    const other = [...default_w];
    other[3] = default_w[3]! * 2; // a first Easy sticks twice as long
    expect(replayMemory(other, 0.9, history).get(9)!.stability).toBeCloseTo(
      2 * replayMemory(default_w, 0.9, history).get(9)!.stability,
      6,
    );
  });
});
