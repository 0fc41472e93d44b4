import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { isServiceUnavailable, RETRY_AFTER_SECONDS } from "./lib/api.server";
import { logger } from "./lib/logger.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  if (unavailable.has(request)) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", String(RETRY_AFTER_SECONDS));
  }
  // Bots get the whole document at once; browsers get it streamed as soon as the shell is ready.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger().error({ err: error, url: request.url }, "render error");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Page requests whose loader or action failed because the database is down, read-only or full. Remix
 * answers those 500 with the error sanitised away; handleError sees the original first, so it notes the
 * request here and the response is turned into a 503 with Retry-After (a client may retry; nothing broke).
 */
const unavailable = new WeakSet<Request>();

export function handleError(error: unknown, { request }: { request: Request }) {
  if (isServiceUnavailable(error)) {
    unavailable.add(request);
    logger().error(
      { err: error, url: request.url },
      "service unavailable (the database, or a service it depends on, is down, read-only or full)",
    );
    return;
  }
  if (request.signal.aborted) return;
  logger().error({ err: error, url: request.url }, "unhandled route error");
}

/** Client-side navigations and form posts (single fetch): the same 503 as a full page load. */
export function handleDataRequest(response: Response, { request }: { request: Request }): Response {
  if (!unavailable.has(request) || response.status < 500) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return new Response(response.body, { status: 503, statusText: "Service Unavailable", headers });
}
