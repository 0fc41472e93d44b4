/**
 * Time limits around one streamed LLM request, on top of the vendor SDK's own. The SDKs time each attempt
 * only until the response headers arrive, and between retries they wait as long as a 429/5xx's Retry-After
 * asks (OpenAI up to a minute, Anthropic with no limit). On their own, then, a vendor that sends headers and
 * goes quiet holds the caller for ever, and one that asks for a long wait holds it far beyond
 * LLM_REQUEST_TIMEOUT_SECONDS. So, with `timeoutMs` that setting:
 * - opening the stream (every SDK attempt and retry wait together) gets (maxRetries + 1) × timeoutMs, the
 *   worst case ADR 012 promises;
 * - once it is open, `timeoutMs` without an event (any event: pings count) ends it.
 * Either limit throws LlmTimeoutError so the fallback moves on. (The SDKs end an aborted stream quietly;
 * without the throw a half reply would pass for a whole one.) The caller's own signal is passed through
 * unchanged.
 */
export class LlmTimeoutError extends Error {
  override name = "LlmTimeoutError";
}

export interface StreamLimits {
  timeoutMs: number;
  maxRetries: number;
}

export async function* withStreamLimits<T>(
  open: (signal: AbortSignal) => PromiseLike<AsyncIterable<T>>,
  limits: StreamLimits,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  const watchdog = new AbortController();
  let fail!: (error: LlmTimeoutError) => void;
  // Raced against every await below, so a limit holds even where an SDK is slow to notice the abort
  // (a sleep between retries, a read in flight).
  const expired = new Promise<never>((_, reject) => (fail = reject));
  expired.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, message: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const error = new LlmTimeoutError(message);
      fail(error);
      watchdog.abort(error);
    }, ms);
  };
  const openMs = (limits.maxRetries + 1) * limits.timeoutMs;
  arm(
    openMs,
    `no response within ${openMs} ms (${limits.maxRetries + 1} attempt(s) of ${limits.timeoutMs} ms)`,
  );
  let iterator: AsyncIterator<T> | undefined;
  let finished = false;
  try {
    const opening = Promise.resolve(
      open(signal ? AbortSignal.any([signal, watchdog.signal]) : watchdog.signal),
    );
    opening.catch(() => undefined);
    const stream = await Promise.race([opening, expired]);
    iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      arm(limits.timeoutMs, `the stream stalled: nothing for ${limits.timeoutMs} ms`);
      const step = await Promise.race([iterator.next(), expired]);
      clearTimeout(timer); // the consumer's time with a value is not the vendor's silence
      // Belt and braces: the race above already rejects first when the limit fires.
      if (watchdog.signal.aborted) throw watchdog.signal.reason as LlmTimeoutError;
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    clearTimeout(timer);
    // Given up on (a limit, an error, or the consumer stopped early): let the SDK close the connection.
    if (iterator && !finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
