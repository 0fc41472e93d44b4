import { createParser } from "eventsource-parser";

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Reads a Server-Sent Events response to its end (or until `until` returns true, when it cancels the
 * body: the client going away).
 */
export async function readSse(response: Response, until?: (e: SseEvent, all: SseEvent[]) => boolean) {
  const events: SseEvent[] = [];
  let stop = false;
  const parser = createParser({
    onEvent: (e) => {
      if (stop) return;
      const event = { event: e.event ?? "message", data: JSON.parse(e.data) as Record<string, unknown> };
      events.push(event);
      if (until?.(event, events)) stop = true;
    },
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
    if (stop) {
      await reader.cancel();
      break;
    }
  }
  return events;
}

export const textOf = (events: SseEvent[]) =>
  events
    .filter((e) => e.event === "token")
    .map((e) => e.data.text as string)
    .join("");
