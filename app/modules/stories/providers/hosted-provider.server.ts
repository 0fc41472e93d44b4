import type { LlmProvider } from "../../../lib/llm/types.ts";
import type { StoryProvider } from "./types.ts";

/** How a hosted model is asked to do what our model does: continue the opening as a short children's story. */
export function storyInstructions(maxTokens: number, language: "en" | "fr" = "en"): string {
  const words = Math.max(20, Math.round(maxTokens * 0.7));
  return [
    language === "fr"
      ? "You write short, gentle stories in simple French for people learning French."
      : "You write short, gentle stories for young readers in simple English, like the TinyStories data set.",
    "The user gives the opening of a story. Continue it from exactly where it stops, as if you were finishing",
    "their sentence. Reply with the continuation only: no title, no preface, no quotation of the opening.",
    `Give the story an ending and keep the continuation under ${words} words.`,
  ].join(" ");
}

/** OpenAI or Anthropic (app/lib/llm) as a story writer. Vendors cap temperature differently: clamp. */
export function hostedProvider(llm: LlmProvider): StoryProvider {
  return {
    name: llm.name,
    model: llm.model,
    async write(request, onText, signal) {
      let text = "";
      try {
        for await (const delta of llm.stream(
          {
            system: [storyInstructions(request.maxTokens, request.language), request.instructions]
              .filter(Boolean)
              .join(" "),
            messages: [{ role: "user", content: request.prompt }],
            maxTokens: request.maxTokens,
            temperature: Math.min(request.temperature, llm.name === "anthropic" ? 1 : 2),
          },
          signal,
        )) {
          // The opening and the continuation meet without a space unless the model sent one.
          const piece =
            !text && /^[\p{L}\p{N}]/u.test(delta) && /[\p{L}\p{N},;:.!?"”’]$/u.test(request.prompt)
              ? ` ${delta}`
              : delta;
          text += piece;
          onText(piece);
        }
      } catch (error) {
        if (signal.aborted)
          return { text, promptTokens: null, newTokens: null, promptTokensDropped: 0, stopReason: "stopped" };
        throw error;
      }
      if (!text.trim()) throw new Error("empty reply");
      return { text, promptTokens: null, newTokens: null, promptTokensDropped: 0, stopReason: "eos" };
    },
  };
}
