import compression from "compression";
import type express from "express";
import type { Logger, LevelWithSilent } from "pino";
import { pinoHttp } from "pino-http";
import { httpMetrics, requestId, securityHeaders } from "./http-middleware.server.ts";

/**
 * The middleware every response passes through (ids, access log, metrics, security headers, compression),
 * in one place so the server and the bench's reference server (bench/ingest-floor-server.ts) run the same stack.
 */
export function applyCommonMiddleware(app: express.Express, log: Logger, dev: boolean): void {
  app.use(requestId);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (_req, res) => (res as express.Response).locals.requestId as string,
      autoLogging: { ignore: (req) => req.url === "/health" },
      // A 503 (database unavailable) is logged as an error once, where it is raised; the access line warns.
      customLogLevel: (_req, res, err): LevelWithSilent =>
        err || (res.statusCode >= 500 && res.statusCode !== 503)
          ? "error"
          : res.statusCode >= 400
            ? "warn"
            : "info",
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(httpMetrics);
  app.use(securityHeaders(dev));
  app.use(
    compression({
      // Never buffer streams (SSE, streamed stories): they must reach the client as they are written.
      filter: (req, res) =>
        !/event-stream|x-ndjson/.test(String(res.getHeader("Content-Type") ?? "")) &&
        compression.filter(req, res),
    }),
  );
}

/** The liveness probe, and the bench's ceiling: no I/O at all. */
export function healthHandler(_req: express.Request, res: express.Response): void {
  res.set("Cache-Control", "no-store").json({ status: "ok" });
}
