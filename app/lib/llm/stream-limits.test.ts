import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LlmTimeoutError, withStreamLimits } from "./stream-limits.ts";

/** A source that yields `items` after the given delays (ms), then ends; Infinity never comes. */
function source(
  steps: { after: number; value?: string }[],
  seen: { signal?: AbortSignal; returned: boolean },
) {
  return async function* (): AsyncGenerator<string> {
    try {
      for (const step of steps) {
        await new Promise<void>((resolve) => {
          if (Number.isFinite(step.after)) setTimeout(resolve, step.after);
        });
        if (step.value !== undefined) yield step.value;
      }
    } finally {
      seen.returned = true;
    }
  };
}

async function drain(stream: AsyncIterable<string>) {
  const got: string[] = [];
  try {
    for await (const v of stream) got.push(v);
    return { got, error: null };
  } catch (error) {
    return { got, error: error as Error };
  }
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe("withStreamLimits", () => {
  it("passes a stream through whose gaps are within the limit, however long it runs in total", async () => {
    const seen = { returned: false };
    const steps = Array.from({ length: 10 }, (_, i) => ({ after: 80, value: `w${i}` }));
    const run = drain(withStreamLimits(async () => source(steps, seen)(), { timeoutMs: 100, maxRetries: 0 }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await run).toEqual({ got: steps.map((s) => s.value), error: null });
  });

  it("gives up on a stream that stalls after it opened, keeping what came", async () => {
    const seen = { returned: false };
    let opened: AbortSignal | undefined;
    const run = drain(
      withStreamLimits(
        async (signal) => {
          opened = signal;
          return source([{ after: 10, value: "Once" }, { after: Infinity }], seen)();
        },
        { timeoutMs: 100, maxRetries: 3 },
      ),
    );
    await vi.advanceTimersByTimeAsync(109);
    expect(opened!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    const { got, error } = await run;
    expect(got).toEqual(["Once"]);
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(error!.message).toMatch(/stalled: nothing for 100 ms/);
    expect(opened!.aborted).toBe(true);
  });

  it("allows (retries + 1) × timeout to open, then aborts the request however the SDK is waiting", async () => {
    let opened: AbortSignal | undefined;
    // An SDK sleeping out a long Retry-After does not settle when aborted: the limit holds anyway.
    const run = drain(
      withStreamLimits(
        (signal) => {
          opened = signal;
          return new Promise<AsyncIterable<string>>(() => undefined);
        },
        { timeoutMs: 100, maxRetries: 1 },
      ),
    );
    await vi.advanceTimersByTimeAsync(199);
    expect(opened!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    const { error } = await run;
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(error!.message).toMatch(/no response within 200 ms \(2 attempt\(s\) of 100 ms\)/);
    expect(opened!.aborted).toBe(true);
  });

  it("throws when an SDK ends the stream quietly because the limit aborted it", async () => {
    // Both SDKs return from an aborted stream instead of throwing; that must not look like a whole reply.
    const run = drain(
      withStreamLimits(
        async (signal) =>
          (async function* () {
            yield "half";
            await new Promise((resolve) => signal.addEventListener("abort", resolve));
          })(),
        { timeoutMs: 100, maxRetries: 0 },
      ),
    );
    await vi.advanceTimersByTimeAsync(150);
    const { got, error } = await run;
    expect(got).toEqual(["half"]);
    expect(error).toBeInstanceOf(LlmTimeoutError);
  });

  it("does not count the consumer's time with a value as the vendor's silence", async () => {
    const seen = { returned: false };
    const stream = withStreamLimits(
      async () =>
        source(
          [
            { after: 10, value: "a" },
            { after: 10, value: "b" },
          ],
          seen,
        )(),
      { timeoutMs: 100, maxRetries: 0 },
    );
    const got: string[] = [];
    const run = (async () => {
      for await (const v of stream) {
        got.push(v);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    await vi.advanceTimersByTimeAsync(2_000);
    await run;
    expect(got).toEqual(["a", "b"]);
  });

  it("hands the caller's abort to the request and keeps the SDK's answer to it", async () => {
    const caller = new AbortController();
    let opened: AbortSignal | undefined;
    const run = drain(
      withStreamLimits(
        async (signal) => {
          opened = signal;
          return (async function* () {
            yield "x";
            await new Promise((resolve) => signal.addEventListener("abort", resolve));
          })();
        },
        { timeoutMs: 1_000, maxRetries: 0 },
        caller.signal,
      ),
    );
    await vi.advanceTimersByTimeAsync(10);
    caller.abort();
    await vi.advanceTimersByTimeAsync(10);
    expect(opened!.aborted).toBe(true);
    expect(await run).toEqual({ got: ["x"], error: null });
  });

  it("closes the underlying stream when the consumer stops early", async () => {
    const seen = { returned: false };
    const stream = withStreamLimits(
      async () =>
        source(
          [
            { after: 1, value: "a" },
            { after: 1, value: "b" },
          ],
          seen,
        )(),
      { timeoutMs: 100, maxRetries: 0 },
    );
    const run = (async () => {
      for await (const v of stream) if (v === "a") break;
    })();
    await vi.advanceTimersByTimeAsync(10);
    await run;
    expect(seen.returned).toBe(true);
  });
});
