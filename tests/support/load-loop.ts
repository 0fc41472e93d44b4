/**
 * A steady stream of concurrent HTTP requests that keeps going through a fault, recording every outcome, so a
 * test can say afterwards what was acknowledged, what was refused and how, and that nothing hung.
 */
export interface Operation {
  kind: string;
  /** A write's idempotency key (client_event_id), to check it against the database afterwards. */
  key?: string;
  send: (signal: AbortSignal) => Promise<Response>;
}

export interface Outcome {
  kind: string;
  key?: string;
  /** 0: no HTTP answer at all (connection error, or no answer within the timeout). */
  status: number;
  startedAt: number;
  answeredAt: number;
  retryAfter: string | null;
  contentType: string | null;
  body: string;
  error?: string;
}

export interface LoadLoop {
  outcomes: Outcome[];
  /** Stops issuing requests and resolves once those in flight have answered. */
  stop(): Promise<Outcome[]>;
}

export async function sendOnce(op: Operation, timeoutMs: number): Promise<Outcome> {
  const startedAt = Date.now();
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await op.send(signal);
    const body = await response.text();
    return {
      kind: op.kind,
      key: op.key,
      status: response.status,
      startedAt,
      answeredAt: Date.now(),
      retryAfter: response.headers.get("retry-after"),
      contentType: response.headers.get("content-type"),
      body: body.slice(0, 4000),
    };
  } catch (error) {
    return {
      kind: op.kind,
      key: op.key,
      status: 0,
      startedAt,
      answeredAt: Date.now(),
      retryAfter: null,
      contentType: null,
      body: "",
      error: String(error),
    };
  }
}

/**
 * `concurrency` clients, each sending `next(seq)` after the other with a short pause (the machine is
 * shared: a refused request answers in a millisecond, and a tight loop would only measure the CPU).
 */
export function startLoadLoop(
  concurrency: number,
  next: (seq: number) => Operation,
  options: { timeoutMs?: number; pauseMs?: number } = {},
): LoadLoop {
  const { timeoutMs = 20_000, pauseMs = 10 } = options;
  const outcomes: Outcome[] = [];
  let running = true;
  let seq = 0;
  const clients = Array.from({ length: concurrency }, async () => {
    while (running) {
      outcomes.push(await sendOnce(next(seq++), timeoutMs));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(clients);
      return outcomes;
    },
  };
}
