import type { StoryProviderName } from "../schemas.ts";

/** What a writer is asked for: the opening, the sampling controls and a concrete seed. */
export interface StoryRequest {
  prompt: string;
  maxTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  /** Extra instructions for hosted writers (a word story's words and language); our model ignores them. */
  instructions?: string;
  language?: "en" | "fr";
}

export type StoryStopReason = "eos" | "max_tokens" | "context" | "stopped";

export interface ProviderOutcome {
  /** The new text (the story is the prompt followed by this). */
  text: string;
  /** Counted by our own model; hosted vendors' token counts are not reported as ours (null). */
  promptTokens: number | null;
  newTokens: number | null;
  promptTokensDropped: number;
  stopReason: StoryStopReason;
  /** The model that actually wrote it, when the writer learns it while writing (the sidecar). */
  model?: string;
}

/**
 * One story writer. `write` streams text through onText and resolves with the outcome; an aborted signal
 * ends it early with stopReason "stopped" (or an AbortError); any other failure throws, and the caller
 * moves on to the next writer.
 */
export interface StoryProvider {
  name: StoryProviderName;
  model: string;
  write(
    request: StoryRequest,
    onText: (delta: string) => void,
    signal: AbortSignal,
  ): Promise<ProviderOutcome>;
}

export class StoryProviderError extends Error {
  override name = "StoryProviderError";
}
