import { logger } from "../../lib/logger.server.ts";
import { problemBody } from "../../lib/api.server.ts";
import { recommendationEvents } from "./recommendations.server.ts";
import type { RecommendationRequest } from "./schemas.ts";

const encoder = new TextEncoder();
const frame = (event: string, data: unknown) =>
  encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * The pre-session recommendation as Server-Sent Events: each phase is written the moment it is computed, so
 * the first event (context_loaded) leaves before the model is even read. A failure mid-stream is sent as an
 * `error` event with a problem body (the status line has already gone out), and a client that disconnects
 * stops the work.
 */
export function recommendationStream(
  userId: string,
  request: RecommendationRequest,
  signal: AbortSignal,
): Response {
  const events = recommendationEvents(userId, request);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await events.next();
        if (next.done || signal.aborted) {
          controller.close();
          return;
        }
        controller.enqueue(frame(next.value.event, next.value.data));
      } catch (error) {
        logger().error({ err: error, userId }, "climb recommendation stream failed");
        controller.enqueue(
          frame("error", problemBody(500, { detail: "The recommendation failed; try again" })),
        );
        controller.close();
      }
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
