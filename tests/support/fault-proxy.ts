import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP proxy in front of a real upstream (the fake LLM server, a real sidecar process) that misbehaves
 * on demand, the way a provider does in production: it hangs, stalls mid-stream, answers an error status,
 * resets the connection or refuses it. With no fault it passes everything through, so a test can show the
 * same path works before it breaks it.
 */
export type Fault =
  | { kind: "none" }
  /** Reads the request and never answers: no status, no headers. */
  | { kind: "hang" }
  /**
   * Forwards the request and the upstream's status and headers, then goes silent with the connection open.
   * With `after`, it first forwards the body up to the end of the first event (SSE: a blank line; otherwise a
   * line) that contains that text, so the client has already shown some of the reply.
   */
  | { kind: "stall"; after?: string }
  /** Answers this status at once with a JSON error body (and any extra headers, e.g. Retry-After). */
  | { kind: "status"; status: number; headers?: Record<string, string> }
  /** Resets the TCP connection as soon as the request arrives (ECONNRESET). */
  | { kind: "reset" }
  /** Stops listening: connections are refused (ECONNREFUSED) until another fault is set. */
  | { kind: "refused" };

export interface FaultProxy {
  url: string;
  /** Requests that reached the proxy since the last `set` (a refused connection never does). */
  readonly requests: number;
  set(fault: Fault): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "content-length", "host"];

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let fault: Fault = { kind: "none" };
  let requests = 0;
  const held = new Set<http.ServerResponse>();
  const upstreamUrl = new URL(upstream);

  const forward = (req: http.IncomingMessage, onResponse: (up: http.IncomingMessage) => void) => {
    const headers = { ...req.headers, host: upstreamUrl.host };
    const out = http.request(
      { host: upstreamUrl.hostname, port: upstreamUrl.port, path: req.url, method: req.method, headers },
      onResponse,
    );
    out.on("error", () => undefined);
    req.pipe(out);
    return out;
  };

  const server = http.createServer((req, res) => {
    requests++;
    const now = fault;
    switch (now.kind) {
      case "none":
        forward(req, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        return;
      case "hang":
        held.add(res);
        req.resume();
        return;
      case "reset":
        req.socket.resetAndDestroy();
        return;
      case "status":
        req.resume();
        req.on("end", () => {
          res.writeHead(now.status, { "content-type": "application/json", ...now.headers });
          res.end(
            JSON.stringify({
              type: "error",
              error: { type: "api_error", message: `injected ${now.status}` },
            }),
          );
        });
        return;
      case "stall": {
        held.add(res);
        const out = forward(req, (up) => {
          const headers = Object.fromEntries(
            Object.entries(up.headers).filter(([name]) => !HOP_BY_HOP.includes(name)),
          );
          res.writeHead(up.statusCode ?? 200, headers);
          res.flushHeaders();
          if (now.after === undefined) return void out.destroy();
          const end = /event-stream/.test(String(up.headers["content-type"])) ? "\n\n" : "\n";
          let seen = "";
          up.on("data", (chunk: Buffer) => {
            seen += chunk.toString("utf8");
            const at = seen.indexOf(now.after!);
            const stop = at < 0 ? -1 : seen.indexOf(end, at);
            if (stop < 0) return;
            res.write(seen.slice(0, stop + end.length));
            out.destroy();
          });
        });
        return;
      }
      case "refused":
        // A connection accepted just before the listener closed: drop it like a refused one.
        req.socket.destroy();
        return;
    }
  });
  server.keepAliveTimeout = 1_000;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);

  const dropHeld = () => {
    for (const res of held) res.socket?.destroy();
    held.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    async set(next) {
      dropHeld();
      requests = 0;
      const wasRefused = fault.kind === "refused";
      fault = next;
      if (next.kind === "refused" && !wasRefused) {
        // Pooled keep-alive connections would bypass a closed listener: close those too.
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } else if (next.kind !== "refused" && wasRefused) {
        await listen(port);
      } else {
        server.closeAllConnections();
      }
    },
    async close() {
      dropHeld();
      if (fault.kind === "refused") return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
