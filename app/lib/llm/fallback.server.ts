import type { z } from "zod";
import { logger } from "../logger.server.ts";
import { LlmUnavailableError, type ChatRequest, type LlmProvider, type ProviderName } from "./types.ts";

export type Attempt = { provider: ProviderName; error: string };
export type StreamEvent = { type: "delta"; text: string } | { type: "restart"; provider: ProviderName };

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Streams from the first provider that answers. A provider that fails (HTTP error after the SDK's own
 * retries, timeout, broken stream) hands over to the next; if it had already streamed text, a "restart"
 * event tells the listener to drop what it showed.
 */
export async function streamWithFallback(
  providers: readonly LlmProvider[],
  request: ChatRequest,
  onEvent: (event: StreamEvent) => void,
  signal?: AbortSignal,
): Promise<{ provider: ProviderName; model: string; text: string; attempts: Attempt[] }> {
  const attempts: Attempt[] = [];
  for (const provider of providers) {
    let text = "";
    try {
      for await (const delta of provider.stream(request, signal)) {
        text += delta;
        onEvent({ type: "delta", text: delta });
      }
      if (!text.trim()) throw new Error("empty reply");
      return { provider: provider.name, model: provider.model, text, attempts };
    } catch (error) {
      if (signal?.aborted) throw error;
      attempts.push({ provider: provider.name, error: describe(error) });
      logger().warn({ provider: provider.name, err: error }, "LLM provider failed; trying the next");
      if (text) onEvent({ type: "restart", provider: provider.name });
    }
  }
  throw new LlmUnavailableError(attempts);
}

async function collect(provider: LlmProvider, request: ChatRequest, signal?: AbortSignal): Promise<string> {
  let text = "";
  for await (const delta of provider.stream(request, signal)) text += delta;
  return text;
}

/** The JSON object in a reply (models sometimes wrap it in prose or a code fence). */
export function extractJson(text: string): unknown {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) throw new Error("no JSON object in the reply");
  return JSON.parse(text.slice(start, end + 1));
}

/**
 * A JSON reply validated by `schema`. An invalid reply is sent back once with the validation problems to
 * repair; if the repair fails too, the next provider is tried.
 */
export async function completeStructured<S extends z.ZodType>(
  providers: readonly LlmProvider[],
  request: ChatRequest,
  schema: S,
  signal?: AbortSignal,
): Promise<{
  data: z.output<S>;
  provider: ProviderName;
  model: string;
  repaired: boolean;
  attempts: Attempt[];
}> {
  const attempts: Attempt[] = [];
  const jsonRequest = { ...request, json: true };
  for (const provider of providers) {
    try {
      let reply = await collect(provider, jsonRequest, signal);
      for (const repair of [false, true]) {
        let problem: string;
        try {
          const parsed = schema.safeParse(extractJson(reply));
          if (parsed.success)
            return {
              data: parsed.data,
              provider: provider.name,
              model: provider.model,
              repaired: repair,
              attempts,
            };
          problem = parsed.error.issues
            .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
            .join("; ");
        } catch (error) {
          problem = describe(error);
        }
        if (repair) throw new Error(`invalid output after a repair: ${problem}`);
        reply = await collect(
          provider,
          {
            ...jsonRequest,
            messages: [
              ...request.messages,
              { role: "assistant", content: reply },
              {
                role: "user",
                content: `That reply did not match the required JSON shape (${problem}). Reply again with only the corrected JSON object.`,
              },
            ],
          },
          signal,
        );
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      attempts.push({ provider: provider.name, error: describe(error) });
      logger().warn({ provider: provider.name, err: error }, "LLM structured output failed; trying the next");
    }
  }
  throw new LlmUnavailableError(attempts);
}
