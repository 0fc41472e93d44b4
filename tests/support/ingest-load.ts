/**
 * A client under load with a retry queue, for the ingestion fault tests: workers POST ingest requests to the
 * real server as fast as it answers, and a ledger keeps what the server acknowledged (a 2xx), what it
 * answered with any other status, and what never got an answer (in flight when the server died, or refused
 * a connection). Each worker stops at its first request without an answer, as a client does when its server
 * is gone; those requests are the client's retry queue.
 */
export interface IngestRequest {
  /** What the test groups results by, e.g. "telemetry" or "events". */
  kind: string;
  path: string;
  body: unknown;
  /** The client_event_ids the request carries (one for telemetry, one per event in a batch). */
  ids: string[];
}

export interface Answer {
  status: number;
  /** The parsed JSON body, or null when the body could not be read (the status alone is the answer). */
  response: unknown;
}

export interface Answered extends Answer {
  request: IngestRequest;
}

export interface Unanswered {
  request: IngestRequest;
  error: string;
  /** true: the connection was refused, so the request never reached the server. */
  connectionRefused: boolean;
}

export class IngestLedger {
  readonly acked: Answered[] = [];
  readonly refused: Answered[] = [];
  readonly unanswered: Unanswered[] = [];

  ackedOf(kind: string): Answered[] {
    return this.acked.filter((a) => a.request.kind === kind);
  }
  unansweredOf(kind: string): Unanswered[] {
    return this.unanswered.filter((u) => u.request.kind === kind);
  }
}

/** One POST with a bearer token; a network failure (no answer at all) rejects. */
export async function sendIngest(baseUrl: string, token: string, request: IngestRequest): Promise<Answer> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(request.body),
  });
  // The status line is the server's answer: a 2xx whose body is cut off by the crash still counts as an ack.
  const body = await response.json().catch(() => null);
  return { status: response.status, response: body };
}

function describeFailure(error: unknown): { error: string; connectionRefused: boolean } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  return {
    error: `${String((error as Error).message ?? error)}${cause ? ` (${code ?? cause.message})` : ""}`,
    connectionRefused: code === "ECONNREFUSED",
  };
}

/**
 * Runs one worker per producer until each has had a request go unanswered, or `shouldStop` says so.
 * Resolves when every worker has stopped.
 */
export async function runIngestWorkers(options: {
  baseUrl: string;
  token: string;
  ledger: IngestLedger;
  producers: Array<() => IngestRequest>;
  shouldStop?: () => boolean;
}): Promise<void> {
  const { baseUrl, token, ledger, producers, shouldStop = () => false } = options;
  await Promise.all(
    producers.map(async (next) => {
      while (!shouldStop()) {
        const request = next();
        let answer: Answer;
        try {
          answer = await sendIngest(baseUrl, token, request);
        } catch (error) {
          ledger.unanswered.push({ request, ...describeFailure(error) });
          return;
        }
        (answer.status >= 200 && answer.status < 300 ? ledger.acked : ledger.refused).push({
          request,
          ...answer,
        });
      }
    }),
  );
}
