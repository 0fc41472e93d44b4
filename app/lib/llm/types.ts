/**
 * One interface for every LLM Praxis calls (the tutor now, stories when they use a hosted model), so a
 * caller never knows which vendor answered. Providers stream text; structured output is built on top.
 */
export type ProviderName = "openai" | "anthropic";

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  /** Ask for a single JSON object as the whole reply. */
  json?: boolean;
}

export interface LlmProvider {
  name: ProviderName;
  model: string;
  /** Streams the reply's text as it arrives; throws on HTTP errors, timeouts and broken streams. */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<string>;
}

export class LlmUnavailableError extends Error {
  override name = "LlmUnavailableError";
  constructor(readonly attempts: { provider: ProviderName; error: string }[]) {
    super(
      attempts.length
        ? `No LLM provider answered: ${attempts.map((a) => `${a.provider}: ${a.error}`).join("; ")}`
        : "No LLM provider is configured",
    );
  }
}
