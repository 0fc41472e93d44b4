import OpenAI from "openai";
import { withStreamLimits } from "./stream-limits.ts";
import type { ChatRequest, LlmProvider } from "./types.ts";

export interface ProviderOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  timeoutMs: number;
  maxRetries: number;
}

/** OpenAI's Chat Completions API (also what most compatible gateways speak), streamed. */
export function openAiProvider(options: ProviderOptions): LlmProvider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  return {
    name: "openai",
    model: options.model,
    async *stream(request: ChatRequest, signal?: AbortSignal) {
      // The SDK times the wait for headers only; withStreamLimits also bounds retries and a stalled stream.
      const stream = withStreamLimits(
        (limited) =>
          client.chat.completions.create(
            {
              model: options.model,
              stream: true,
              max_completion_tokens: request.maxTokens,
              ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
              ...(request.json ? { response_format: { type: "json_object" as const } } : {}),
              messages: [{ role: "system", content: request.system }, ...request.messages],
            },
            { signal: limited },
          ),
        options,
        signal,
      );
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) yield text;
      }
    },
  };
}
