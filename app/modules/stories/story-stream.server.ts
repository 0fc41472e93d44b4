import { randomInt, randomUUID } from "node:crypto";
import { json, problem, problemBody } from "../../lib/api.server.ts";
import { env } from "../../lib/env.server.ts";
import {
  hitRateLimits,
  peekRateLimits,
  RateLimitedError,
  rateLimitedResponse,
  type RateLimitRefusal,
  type RateLimitRule,
} from "../../lib/rate-limit.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { configuredStoryProviders } from "./providers/configured.server.ts";
import type { StoryProvider, StoryRequest } from "./providers/types.ts";
import { SlotsFullError } from "./generation-slots.server.ts";
import { registerRunning, storySlots } from "./running-stories.server.ts";
import type { StoryRequestInput } from "./schemas.ts";
import { insertStory, serializeStory, type StoryView } from "./stories.server.ts";
import { titleFromPrompt, wordCount } from "./story-title.ts";
import { storyWordsFor } from "./story-words.server.ts";
import { wordInstructions, wordsUsed, type StoryWord } from "./word-story.ts";
import { StoryUnavailableError, writeStory, type WriterEvent } from "./story-writer.server.ts";

export type StoryEvent =
  | { event: "start"; data: { id: string; providers: string[]; seed: number } }
  | { event: "token"; data: { text: string } }
  | { event: "restart"; data: { failed: string; next: string } }
  | { event: "done"; data: { story: StoryView } }
  | { event: "error"; data: ReturnType<typeof problemBody> };

const HOSTED = new Set(["openai", "anthropic"]);

/**
 * The writers for this request: STORY_PROVIDERS in order, or only the one asked for. French stories go to
 * hosted writers only: Praxis's own model was trained on English alone.
 */
function chooseProviders(input: StoryRequestInput): StoryProvider[] {
  const configured = configuredStoryProviders();
  const { skipped } = configured;
  const providers =
    input.language === "fr" ? configured.providers.filter((p) => HOSTED.has(p.name)) : configured.providers;
  if (input.language === "fr" && !providers.length)
    throw problem(409, {
      detail:
        "French stories need a hosted writer (set OPENAI_API_KEY or ANTHROPIC_API_KEY and add it to STORY_PROVIDERS); " +
        "Praxis's own model writes English, so ask for language en to get an English story with your words' meanings",
      errors: [{ path: "language", message: "no writer here can write French" }],
    });
  if (!input.provider) return providers;
  const chosen = providers.filter((p) => p.name === input.provider);
  if (!chosen.length) {
    const why = skipped.find((s) => s.startsWith(input.provider!));
    throw problem(400, {
      detail: why
        ? `The ${input.provider} writer is not available here: ${why}`
        : `The ${input.provider} writer is not configured (STORY_PROVIDERS=${providers.map((p) => p.name).join(",")})`,
      errors: [
        {
          path: "provider",
          message: `not one of this server's writers: ${providers.map((p) => p.name).join(", ")}`,
        },
      ],
    });
  }
  return chosen;
}

/** A word story's words: the learner's due French words first, then the ones they met most recently. */
async function learnerWords(userId: string): Promise<StoryWord[]> {
  const words = await storyWordsFor(userId);
  if (!words.length)
    throw problem(409, {
      detail: "You have no French words yet: learn a few in French first, then ask for a story with them",
      errors: [{ path: "words", message: "no French words to use yet" }],
    });
  return words;
}

const unavailable = (error: StoryUnavailableError) =>
  problemBody(503, {
    detail: `No story writer could finish the story. ${error.message}`,
  });

/**
 * Per-user limits on stories started, whichever writer writes them (the local model's CPU is shared by
 * everyone on the machine; hosted writers cost money). Counted in Postgres, so they hold across instances.
 * ADR 021.
 */
export function storyLimits(userId: string): RateLimitRule[] {
  const { STORY_RATE_LIMIT_PER_HOUR: perHour, STORY_RATE_LIMIT_PER_DAY: perDay } = env();
  return [
    { key: `stories:hour:${userId}`, limit: perHour, windowSeconds: 3600, per: "hour" },
    { key: `stories:day:${userId}`, limit: perDay, windowSeconds: 86_400, per: "day" },
  ];
}

const storyLimitResponse = (refusal: RateLimitRefusal) =>
  rateLimitedResponse(RateLimitedError.from(refusal, "stories"));

/**
 * Writes a story for `userId`: checks the user's story limits (429, rate-limit type), waits for a slot
 * (429 when the queue is full), counts the story, then streams it, and stores it only once it is finished
 * or stopped. `disconnect` is the request's signal.
 */
export async function startStory(
  userId: string,
  input: StoryRequestInput,
  requestSignal: AbortSignal,
): Promise<Response> {
  const providers = chooseProviders(input);
  const words = input.words ? await learnerWords(userId) : null;
  // The client is gone when the request is aborted or the response stream is cancelled.
  const gone = new AbortController();
  const disconnect = gone.signal;
  if (requestSignal.aborted) gone.abort();
  else requestSignal.addEventListener("abort", () => gone.abort(), { once: true });
  if (!providers.length) return problem(503, { detail: "No story writer is configured (STORY_PROVIDERS)" });
  // A user whose limit is spent is refused before queueing; the story is counted once it has a slot, so a
  // full queue or a reader who leaves while waiting costs nothing. The count is one atomic upsert: parallel
  // requests that all passed the first check cannot overshoot the limit.
  const limits = storyLimits(userId);
  const spent = await peekRateLimits(limits);
  if (spent) return storyLimitResponse(spent);
  let release: () => void;
  try {
    release = await storySlots().acquire(disconnect);
  } catch (error) {
    if (error instanceof SlotsFullError)
      return problem(429, {
        detail: "Too many stories are being written right now; try again shortly",
        headers: { "Retry-After": String(error.retryAfterSeconds) },
      });
    throw error;
  }
  let refused: RateLimitRefusal | null;
  try {
    refused = await hitRateLimits(limits);
  } catch (error) {
    release();
    throw error;
  }
  if (refused) {
    release();
    return storyLimitResponse(refused);
  }
  const id = randomUUID();
  const seed = input.seed ?? randomInt(0, 2_147_483_647);
  const request: StoryRequest = {
    prompt: input.prompt,
    maxTokens: input.maxTokens,
    temperature: input.temperature,
    topK: input.topK,
    topP: input.topP,
    seed,
    language: input.language,
    ...(words ? { instructions: wordInstructions(words, input.language) } : {}),
  };
  const { stop, done } = registerRunning(id, userId);

  const finish = async (onEvent: (e: WriterEvent) => void) => {
    try {
      const written = await writeStory(providers, request, onEvent, { stop, disconnect });
      const row = await insertStory({
        id,
        userId,
        title: input.title ?? titleFromPrompt(input.prompt),
        prompt: input.prompt,
        body: written.text,
        provider: written.provider,
        model: written.model,
        params: {
          temperature: input.temperature,
          topK: input.topK,
          topP: input.topP,
          maxTokens: input.maxTokens,
          seed,
          ...(input.language !== "en" || words ? { language: input.language } : {}),
          ...(words ? { words: wordsUsed(input.prompt + written.text, words, input.language) } : {}),
        },
        stats: {
          promptTokens: written.promptTokens,
          promptTokensDropped: written.promptTokensDropped,
          newTokens: written.newTokens,
          words: wordCount(input.prompt + written.text),
          stopReason: written.stopReason,
          firstTokenMs: written.firstTextMs === null ? null : Math.round(written.firstTextMs),
          durationMs: Math.round(written.durationMs),
          tokensPerSecond:
            written.newTokens && written.durationMs > 0
              ? Math.round((written.newTokens / written.durationMs) * 10_000) / 10
              : null,
          attempts: written.attempts,
        },
        save: input.save,
      });
      return serializeStory(row);
    } finally {
      done();
      release();
    }
  };

  if (!input.stream) {
    try {
      return json({ story: await finish(() => undefined) }, { status: 201 });
    } catch (error) {
      if (error instanceof StoryUnavailableError) return problem(503, { detail: unavailable(error).detail });
      // Nobody is listening; nginx's "client closed request" keeps it out of the 5xx logs.
      if (disconnect.aborted) return new Response(null, { status: 499 });
      throw error;
    }
  }

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (e: StoryEvent) => {
        if (disconnect.aborted) return;
        try {
          controller.enqueue(encoder.encode(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`));
        } catch {
          // The stream was cancelled between the check and the write.
        }
      };
      send({ event: "start", data: { id, providers: providers.map((p) => p.name), seed } });
      finish((e) =>
        send(
          e.type === "text"
            ? { event: "token", data: { text: e.text } }
            : { event: "restart", data: { failed: e.failed, next: e.next } },
        ),
      )
        .then((story) => send({ event: "done", data: { story } }))
        .catch((error: unknown) => {
          if (disconnect.aborted) return;
          if (error instanceof StoryUnavailableError) send({ event: "error", data: unavailable(error) });
          else {
            logger().error({ err: error, userId }, "story failed");
            send({ event: "error", data: problemBody(500, { detail: "The story failed; try again" }) });
          }
        })
        .finally(() => {
          try {
            controller.close();
          } catch {
            // Already closed by a cancel.
          }
        });
    },
    cancel() {
      gone.abort();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
