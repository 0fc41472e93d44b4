/**
 * A reference server for `npm run bench`, never deployed: the app's own middleware stack and /health, plus
 * a telemetry endpoint that parses and validates the body with the real schema and answers like the real
 * one, but does no auth and no database work. Its req/s is an upper bound for any ingest path on this
 * machine (a real one must add a session lookup, a durable insert and an enqueue), so the bench can say
 * how far the real endpoint is from what is reachable here, not only from the /health ceiling.
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import express from "express";
import { apiBodyLimit } from "../app/lib/http-middleware.server.ts";
import { healthHandler, applyCommonMiddleware } from "../app/lib/http-stack.server.ts";
import { logger } from "../app/lib/logger.server.ts";
import { telemetrySchema } from "../app/modules/typing/schemas.ts";

const app = express();
app.disable("x-powered-by");
applyCommonMiddleware(app, logger(), false);
app.get("/health", healthHandler);
app.use(apiBodyLimit(() => 1_048_576));
app.post("/api/telemetry/snippet", express.json({ limit: "1mb" }), (req, res) => {
  const parsed = telemetrySchema.safeParse(req.body);
  if (!parsed.success) {
    res.status(400).json({ title: "Bad Request", errors: parsed.error.issues });
    return;
  }
  res.status(201).json({ status: "ok", raw_id: randomUUID(), enqueued: true, job_id: randomUUID() });
});

const server = http.createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (process.send && typeof address === "object" && address)
    process.send({ type: "listening", port: address.port });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
