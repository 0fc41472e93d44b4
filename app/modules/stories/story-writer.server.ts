import { logger } from "../../lib/logger.server.ts";
import type { StoryProviderName } from "./schemas.ts";
import type { ProviderOutcome, StoryProvider, StoryRequest } from "./providers/types.ts";

export interface Attempt {
  provider: StoryProviderName;
  error: string;
}

export type WriterEvent =
  | { type: "text"; text: string }
  /** A writer failed after it had streamed text: the listener drops what it showed. */
  | { type: "restart"; failed: StoryProviderName; next: StoryProviderName };

export interface WrittenStory extends Omit<ProviderOutcome, "model"> {
  provider: StoryProviderName;
  model: string;
  attempts: Attempt[];
  firstTextMs: number | null;
  durationMs: number;
}

export class StoryUnavailableError extends Error {
  override name = "StoryUnavailableError";
  constructor(
    readonly attempts: Attempt[],
    readonly skipped: string[] = [],
  ) {
    super(
      attempts.length
        ? `No story writer answered: ${attempts.map((a) => `${a.provider}: ${a.error}`).join("; ")}`
        : "No story writer is configured",
    );
  }
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Writes one story with the first writer that finishes it. `stop` is the reader's Stop button (the story
 * so far is kept); `disconnect` is the client going away (the work stops and this throws an AbortError,
 * so nothing is saved).
 */
export async function writeStory(
  providers: readonly StoryProvider[],
  request: StoryRequest,
  onEvent: (event: WriterEvent) => void,
  signals: { stop: AbortSignal; disconnect: AbortSignal },
): Promise<WrittenStory> {
  const started = performance.now();
  const attempts: Attempt[] = [];
  const signal = AbortSignal.any([signals.stop, signals.disconnect]);
  for (const [i, provider] of providers.entries()) {
    let firstTextMs: number | null = null;
    let shown = "";
    const onText = (text: string) => {
      if (!text) return;
      firstTextMs ??= performance.now() - started;
      shown += text;
      onEvent({ type: "text", text });
    };
    try {
      if (signals.disconnect.aborted) break;
      const outcome = await provider.write(request, onText, signal);
      if (signals.disconnect.aborted) break;
      return {
        ...outcome,
        provider: provider.name,
        model: outcome.model ?? provider.model,
        attempts,
        firstTextMs,
        durationMs: performance.now() - started,
      };
    } catch (error) {
      if (signals.disconnect.aborted) break;
      if (signals.stop.aborted) {
        // Stopped while a writer was failing: what was shown is the story.
        return {
          text: shown,
          promptTokens: null,
          newTokens: null,
          promptTokensDropped: 0,
          stopReason: "stopped",
          provider: provider.name,
          model: provider.model,
          attempts,
          firstTextMs,
          durationMs: performance.now() - started,
        };
      }
      attempts.push({ provider: provider.name, error: describe(error) });
      logger().warn({ provider: provider.name, err: error }, "story writer failed; trying the next");
      const next = providers[i + 1];
      if (shown && next) onEvent({ type: "restart", failed: provider.name, next: next.name });
    }
  }
  if (signals.disconnect.aborted) throw new DOMException("The client went away", "AbortError");
  throw new StoryUnavailableError(attempts);
}
