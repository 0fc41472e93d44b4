import { describe, expect, it } from "vitest";
import { GenerationSlots, SlotsFullError } from "./generation-slots.server.ts";

describe("generation slots", () => {
  it("runs up to the limit, queues the next ones in order, refuses beyond the queue", async () => {
    const slots = new GenerationSlots(2, 1);
    const a = await slots.acquire();
    const b = await slots.acquire();
    expect(slots.stats).toMatchObject({ running: 2, waiting: 0 });
    let cStarted = false;
    const c = slots.acquire().then((release) => {
      cStarted = true;
      return release;
    });
    expect(slots.stats.waiting).toBe(1);
    await expect(slots.acquire()).rejects.toBeInstanceOf(SlotsFullError);
    a();
    a(); // releasing twice frees one place only
    const releaseC = await c;
    expect(cStarted).toBe(true);
    expect(slots.stats).toMatchObject({ running: 2, waiting: 0 });
    b();
    releaseC();
    expect(slots.stats).toMatchObject({ running: 0, waiting: 0 });
  });

  it("drops a waiter whose client went away", async () => {
    const slots = new GenerationSlots(1, 5);
    const a = await slots.acquire();
    const gone = new AbortController();
    const waiting = slots.acquire(gone.signal);
    gone.abort(new Error("client left"));
    await expect(waiting).rejects.toThrow("client left");
    expect(slots.stats.waiting).toBe(0);
    a();
    expect(slots.stats.running).toBe(0);
  });

  it("suggests a Retry-After from the queue and recent durations", async () => {
    const slots = new GenerationSlots(1, 0);
    const release = await slots.acquire();
    try {
      await slots.acquire();
      expect.unreachable();
    } catch (error) {
      expect((error as SlotsFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    release();
  });
});
