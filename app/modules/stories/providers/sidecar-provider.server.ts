import { z } from "zod";
import { StoryProviderError, type ProviderOutcome, type StoryProvider } from "./types.ts";

/**
 * The story model on another machine (the same image started with PRAXIS_ROLE=ml, usually on a Fly GPU
 * Machine reached over the private network). The sidecar streams newline-delimited JSON: `text` lines,
 * then one `done` line with the outcome, or an `error` line. Anything else (refused, 429 busy, 401, a
 * stream that ends without `done`) is a failure the caller falls back from.
 */
export const sidecarLineSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({
    type: z.literal("done"),
    model: z.string(),
    promptTokens: z.number().int(),
    newTokens: z.number().int(),
    promptTokensDropped: z.number().int(),
    stopReason: z.enum(["eos", "max_tokens", "context", "stopped"]),
  }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type SidecarLine = z.infer<typeof sidecarLineSchema>;

export interface SidecarOptions {
  url: string;
  secret: string;
  /** No byte from the sidecar for this long: give up on it. */
  idleTimeoutMs?: number;
}

export function sidecarProvider({ url, secret, idleTimeoutMs = 15_000 }: SidecarOptions): StoryProvider {
  return {
    name: "sidecar",
    model: "praxis-story-5m (sidecar)",
    async write(request, onText, signal) {
      const idle = new AbortController();
      let timer = setTimeout(() => idle.abort(), idleTimeoutMs);
      const both = AbortSignal.any([signal, idle.signal]);
      let text = "";
      try {
        const res = await fetch(new URL("/v1/generate", url), {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
          body: JSON.stringify(request),
          signal: both,
        });
        if (!res.ok || !res.body) {
          const detail = await res.text().catch(() => "");
          throw new StoryProviderError(`sidecar answered ${res.status} ${detail.slice(0, 200)}`);
        }
        const decoder = new TextDecoder();
        let buffer = "";
        const reader = res.body.getReader();
        for (;;) {
          const { done: ended, value: chunk } = await reader.read();
          if (ended) break;
          clearTimeout(timer);
          timer = setTimeout(() => idle.abort(), idleTimeoutMs);
          buffer += decoder.decode(chunk, { stream: true });
          let newline: number;
          while ((newline = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (!line) continue;
            const parsed = sidecarLineSchema.parse(JSON.parse(line));
            if (parsed.type === "text") {
              text += parsed.text;
              onText(parsed.text);
            } else if (parsed.type === "error") {
              throw new StoryProviderError(`sidecar failed: ${parsed.message}`);
            } else {
              const outcome: ProviderOutcome = {
                text,
                promptTokens: parsed.promptTokens,
                newTokens: parsed.newTokens,
                promptTokensDropped: parsed.promptTokensDropped,
                stopReason: parsed.stopReason,
                model: parsed.model,
              };
              return outcome;
            }
          }
        }
        throw new StoryProviderError("the sidecar's stream ended before the story did");
      } catch (error) {
        // Our reader stopped the story: keep what arrived. A silent sidecar is a failure.
        if (signal.aborted)
          return { text, promptTokens: null, newTokens: null, promptTokensDropped: 0, stopReason: "stopped" };
        if (idle.signal.aborted)
          throw new StoryProviderError(`the sidecar sent nothing for ${idleTimeoutMs} ms`);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
