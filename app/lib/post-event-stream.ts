import { createParser } from "eventsource-parser";

/**
 * POSTs JSON and reads the Server-Sent Events answer in the browser (EventSource cannot POST). Resolves
 * when the stream ends; a non-2xx answer resolves with its problem details instead. Network errors and
 * aborts reject, as fetch does.
 */
export interface StreamProblem {
  detail: string;
  errors: { path: string; message: string }[];
}

export async function postEventStream(
  url: string,
  body: unknown,
  signal: AbortSignal,
  onEvent: (event: string, data: unknown) => void,
): Promise<{ problem: StreamProblem | null }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
    credentials: "same-origin",
  });
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => null)) as StreamProblem | null;
    const retry = response.headers.get("Retry-After");
    const detail = problem?.detail ?? `HTTP ${response.status}`;
    return {
      problem: {
        detail: retry ? `${detail} (about ${retry} s)` : detail,
        errors: problem?.errors ?? [],
      },
    };
  }
  const parser = createParser({ onEvent: (e) => onEvent(e.event ?? "message", JSON.parse(e.data)) });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  return { problem: null };
}
