/**
 * How many stories this process writes at once (STORY_MAX_CONCURRENT) and how many may wait for a turn
 * (STORY_MAX_QUEUED). Beyond that a request is refused at once with a Retry-After worked out from how long
 * recent stories took, so the web process stays responsive instead of piling up model work.
 */
export class SlotsFullError extends Error {
  override name = "SlotsFullError";
  constructor(readonly retryAfterSeconds: number) {
    super("Too many stories are being written right now");
  }
}

export class GenerationSlots {
  private running = 0;
  private readonly waiting: Array<{ resolve: () => void }> = [];
  private readonly recentMs: number[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  get stats() {
    return {
      running: this.running,
      waiting: this.waiting.length,
      maxRunning: this.maxRunning,
      maxWaiting: this.maxWaiting,
    };
  }

  /** Waits for a turn (throws SlotsFullError when the queue is full, the signal's reason when aborted). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) throw new SlotsFullError(this.retryAfter());
      await new Promise<void>((resolve, reject) => {
        const entry = { resolve };
        this.waiting.push(entry);
        signal?.addEventListener(
          "abort",
          () => {
            const at = this.waiting.indexOf(entry);
            if (at >= 0) this.waiting.splice(at, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    } else {
      this.running++;
    }
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.recentMs.push(performance.now() - started);
      if (this.recentMs.length > 20) this.recentMs.shift();
      const next = this.waiting.shift();
      // The turn passes straight to the next waiter, so `running` stays the same.
      if (next) next.resolve();
      else this.running--;
    };
  }

  /** Seconds until a place is likely free: the queue ahead, worked off at the recent average speed. */
  retryAfter(): number {
    const avg = this.recentMs.length
      ? this.recentMs.reduce((a, b) => a + b, 0) / this.recentMs.length
      : 2_000;
    return Math.max(1, Math.ceil(((this.waiting.length + 1) * avg) / this.maxRunning / 1000));
  }
}
