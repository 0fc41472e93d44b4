import { describe, expect, it } from "vitest";
import { createRandom } from "../random.ts";
import { argmax, candidateDistribution, sampleToken, topIndices } from "./sampling.ts";

const logits = Float32Array.from([0.5, 3, -1, 2, 2.5, 0]);

describe("story sampling", () => {
  it("finds the k largest in order in one pass, like a full sort", () => {
    const random = createRandom(3);
    const big = Float32Array.from({ length: 4096 }, () => random.normal());
    const sorted = Array.from(big.keys()).sort((a, b) => big[b]! - big[a]!);
    for (const k of [1, 5, 40, 200]) expect(topIndices(big, k)).toEqual(sorted.slice(0, k));
    expect(topIndices(logits, 3)).toEqual([1, 4, 3]);
  });

  it("is greedy at temperature 0", () => {
    expect(argmax(logits)).toBe(1);
    expect(sampleToken(logits, { temperature: 0, topK: 0, topP: 1 }, () => 0.99)).toBe(1);
  });

  it("keeps only the top k, and the smallest set reaching top-p, renormalised", () => {
    const k2 = candidateDistribution(logits, { temperature: 1, topK: 2, topP: 1 });
    expect(k2.ids).toEqual([1, 4]);
    expect(k2.probs[0]! + k2.probs[1]!).toBeCloseTo(1, 12);
    expect(k2.probs[0]! / k2.probs[1]!).toBeCloseTo(Math.exp(0.5), 10);
    // Probabilities here: 0.47, 0.29, 0.17, …
    expect(candidateDistribution(logits, { temperature: 1, topK: 0, topP: 0.4 }).ids).toEqual([1]);
    expect(candidateDistribution(logits, { temperature: 1, topK: 0, topP: 0.5 }).ids).toEqual([1, 4]);
    const wider = candidateDistribution(logits, { temperature: 1, topK: 0, topP: 0.8 });
    expect(wider.ids).toEqual([1, 4, 3]);
  });

  it("flattens with temperature and follows the distribution when sampling", () => {
    const hot = candidateDistribution(logits, { temperature: 5, topK: 0, topP: 1 });
    const cold = candidateDistribution(logits, { temperature: 0.5, topK: 0, topP: 1 });
    expect(hot.probs[0]!).toBeLessThan(cold.probs[0]!);
    const random = createRandom(11);
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const t = sampleToken(logits, { temperature: 1, topK: 0, topP: 1 }, random.next);
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const exact = candidateDistribution(logits, { temperature: 1, topK: 0, topP: 1 });
    exact.ids.forEach((id, j) => expect((counts.get(id) ?? 0) / 20_000).toBeCloseTo(exact.probs[j]!, 1));
  });

  it("draws the same tokens from the same seed", () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 50 }, () =>
        sampleToken(logits, { temperature: 1.2, topK: 4, topP: 0.95 }, random.next),
      );
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
});
