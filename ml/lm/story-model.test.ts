import { beforeAll, describe, expect, it } from "vitest";
import { generateStory, loadStoryModel, MIN_NEW_TOKENS, type StoryModel } from "./story-model.ts";
import { TextDeltas } from "./text-deltas.ts";

/** The shipped model (ml/lm/story-model), loaded as the app loads it. */
let lm: StoryModel;
beforeAll(async () => {
  lm = await loadStoryModel({ dir: "ml/lm/story-model", dtype: "q8", device: "cpu" });
}, 60_000);

const options = { temperature: 0.8, topK: 40, topP: 0.95 };

describe("the story model's runtime", () => {
  it("encodes like the trainer: BOS first, ids round-trip to the text", () => {
    const ids = lm.tokenizer.encode("Once upon a time, Lily saw a cat.") as number[];
    expect(ids[0]).toBe(1);
    expect(lm.tokenizer.decode(ids, { skip_special_tokens: true })).toBe("Once upon a time, Lily saw a cat.");
  });

  it("streams text that adds up to the story, reproducibly for a seed", async () => {
    let streamed = "";
    const a = await generateStory(lm, {
      prompt: "Once upon a time",
      maxNewTokens: 60,
      seed: 5,
      ...options,
      onText: (d) => (streamed += d),
    });
    const b = await generateStory(lm, { prompt: "Once upon a time", maxNewTokens: 60, seed: 5, ...options });
    const c = await generateStory(lm, { prompt: "Once upon a time", maxNewTokens: 60, seed: 6, ...options });
    expect(streamed).toBe(a.text);
    expect(a.text).toBe(b.text);
    expect(c.text).not.toBe(a.text);
    expect(a.promptText).toBe("Once upon a time");
    expect(a.newTokens).toBeGreaterThan(0);
    expect(a.newTokens).toBeLessThanOrEqual(60);
    expect(a.firstTokenMs).toBeGreaterThan(0);
  });

  it("stops at the end-of-story token or at max tokens, whichever comes first", async () => {
    const stops = new Set<string>();
    for (let seed = 0; seed < 6; seed++) {
      const g = await generateStory(lm, { prompt: "Tom had a ball.", maxNewTokens: 400, seed, ...options });
      stops.add(g.stopReason);
      if (g.stopReason === "eos") expect(g.newTokens).toBeLessThan(400);
      else expect(g.newTokens).toBe(400);
    }
    expect(stops.has("eos")).toBe(true);
    const short = await generateStory(lm, {
      prompt: "Tom had a ball.",
      maxNewTokens: 5,
      seed: 1,
      temperature: 0,
      topK: 0,
      topP: 1,
    });
    expect(short).toMatchObject({ newTokens: 5, stopReason: "max_tokens" });
  });

  it("caps prompt + new tokens at the context, keeping the prompt's end", async () => {
    const prompt = `${"The cat sat on the mat. ".repeat(120)}Then the dog`;
    const g = await generateStory(lm, {
      prompt,
      maxNewTokens: 400,
      seed: 1,
      temperature: 0,
      topK: 0,
      topP: 1,
    });
    expect(g.promptTokens).toBe(lm.contextSize - MIN_NEW_TOKENS);
    expect(g.promptTokensDropped).toBeGreaterThan(0);
    expect(g.promptTokens + g.newTokens).toBeLessThanOrEqual(lm.contextSize);
    expect(g.promptText.endsWith("Then the dog")).toBe(true);
    if (g.stopReason !== "eos") expect(g.stopReason).toBe("context");
  });

  it("stops between tokens when its signal aborts", async () => {
    const controller = new AbortController();
    let pieces = 0;
    const g = await generateStory(lm, {
      prompt: "Once upon a time",
      maxNewTokens: 400,
      seed: 2,
      temperature: 1.5,
      topK: 0,
      topP: 1,
      signal: controller.signal,
      onText: () => {
        if (++pieces === 3) controller.abort();
      },
    });
    expect(g.stopReason).toBe("aborted");
    expect(g.newTokens).toBeLessThan(10);
  });
});

describe("text deltas", () => {
  it("holds back a character split over byte tokens until it is complete", () => {
    const decode = (x: number[]) => lm.tokenizer.decode(x, { skip_special_tokens: true });
    // "☃" is not a piece of the vocabulary: it is three byte-fallback tokens.
    const ids = lm.tokenizer.encode("A snowman ☃ smiled") as number[];
    const prompt = ids.slice(0, 2);
    const deltas = new TextDeltas(decode, prompt);
    const out = ids.slice(2).map((id) => deltas.push(id));
    expect(out.join("") + deltas.flush()).toBe(decode(ids).slice(decode(prompt).length));
    expect(out.some((d) => d === "")).toBe(true);
    expect(out.every((d) => !d.includes("\uFFFD"))).toBe(true);
    expect(deltas.text).toBe(" snowman ☃ smiled");
  });
});
