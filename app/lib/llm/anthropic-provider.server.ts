import Anthropic from "@anthropic-ai/sdk";
import type { ProviderOptions } from "./openai-provider.server.ts";
import { withStreamLimits } from "./stream-limits.ts";
import type { ChatRequest, LlmProvider } from "./types.ts";

/** Anthropic's Messages API, streamed (text deltas of the reply's content blocks). */
export function anthropicProvider(options: ProviderOptions): LlmProvider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  return {
    name: "anthropic",
    model: options.model,
    async *stream(request: ChatRequest, signal?: AbortSignal) {
      // The SDK times the wait for headers only; withStreamLimits also bounds retries and a stalled stream.
      const stream = withStreamLimits(
        (limited) =>
          client.messages.create(
            {
              model: options.model,
              stream: true,
              max_tokens: request.maxTokens,
              ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
              // Anthropic has no JSON mode: the system prompt asks for JSON and the caller validates it.
              system: request.json
                ? `${request.system}\n\nReply with one JSON object and nothing else.`
                : request.system,
              messages: request.messages,
            },
            { signal: limited },
          ),
        options,
        signal,
      );
      for await (const event of stream) {
        if (event.type === "content_block_delta" && event.delta.type === "text_delta") yield event.delta.text;
      }
    },
  };
}
