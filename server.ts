import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { getBoss, hasBoss } from "./jobs/boss.ts";
import { DEMO_LEARNER } from "./db/seed/index.ts";
import { env, EnvError, seedDemoData } from "./app/lib/env.server.ts";
import { checkHealth } from "./app/lib/health.server.ts";
import { apiBodyLimit, sameOriginCheck, sendProblem } from "./app/lib/http-middleware.server.ts";
import { healthHandler, applyCommonMiddleware } from "./app/lib/http-stack.server.ts";
import { logger } from "./app/lib/logger.server.ts";
import { attachTutorSocket } from "./app/modules/learn/tutor/tutor-socket.server.ts";
import { collectQueueMetrics } from "./app/lib/queue-metrics.server.ts";
import { metricsRegistry } from "./app/lib/metrics.server.ts";
import { startRuntime, type Runtime } from "./app/lib/runtime.server.ts";
import { runStorySidecar } from "./app/modules/stories/sidecar-server.server.ts";
import { warmStoryModel } from "./app/modules/stories/providers/local-provider.server.ts";

/**
 * One process: HTTP (Remix + a few Express endpoints) and pg-boss workers, switched by PRAXIS_ROLE;
 * PRAXIS_ROLE=ml is the story-model sidecar alone (app/modules/stories/sidecar-server.server.ts).
 * Boot order: env -> Postgres -> migrations -> seeds -> pg-boss -> HTTP. Shutdown runs it backwards.
 */
const root = path.dirname(fileURLToPath(import.meta.url));

let config: ReturnType<typeof env>;
try {
  config = env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const dev = process.argv.includes("--dev") || config.NODE_ENV === "development";
const log = logger();
const role = config.PRAXIS_ROLE;
if (role === "ml") await runStorySidecar(config, log);
else await runApp();

async function runApp(): Promise<void> {
  const shutdownHooks: Array<() => Promise<void>> = [];

  const runtime: Runtime = await startRuntime({ jobs: true, work: role !== "web" });

  const app = express();
  app.disable("x-powered-by");
  if (config.TRUST_PROXY) app.set("trust proxy", true);

  applyCommonMiddleware(app, log, dev);
  app.get("/health", healthHandler);
  app.get("/api/health", async (_req, res) => {
    const report = await checkHealth();
    res
      .status(report.status === "healthy" ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json(report);
  });
  app.get("/metrics", async (req, res) => {
    if (config.METRICS_TOKEN && req.get("authorization") !== `Bearer ${config.METRICS_TOKEN}`) {
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="metrics"')
        .type("text/plain")
        .send("metrics token required");
      return;
    }
    if (hasBoss())
      await collectQueueMetrics(getBoss()).catch((e) => log.warn({ err: e }, "queue metrics failed"));
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });

  if (role !== "worker") {
    app.use(apiBodyLimit(() => config.API_BODY_LIMIT_BYTES));
    app.use(sameOriginCheck(() => (config.APP_URL ? [new URL(config.APP_URL).origin] : [])));

    let build: ServerBuild | (() => Promise<ServerBuild>);
    if (dev) {
      const vite = await import("vite").then((v) =>
        v.createServer({ server: { middlewareMode: true }, appType: "custom" }),
      );
      app.use(vite.middlewares);
      build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
      shutdownHooks.push(() => vite.close());
    } else {
      app.use(
        "/assets",
        express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }),
      );
      // API calls never hit the disk looking for a static file of the same name.
      const publicFiles = express.static(path.join(root, "build/client"), { maxAge: "1h" });
      app.use((req, res, next) => (req.path.startsWith("/api/") ? next() : publicFiles(req, res, next)));
      build = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;
    }
    app.all(
      "*",
      createRequestHandler({
        build,
        mode: dev ? "development" : "production",
        getLoadContext: (req, res) => ({
          cspNonce: res.locals.cspNonce as string,
          requestId: res.locals.requestId as string,
          ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
        }),
      }),
    );
  }

  // Last resort: never a stack trace on the wire.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    log.error({ err: error, url: req.url }, "unhandled error");
    if (res.headersSent) return res.end();
    sendProblem(res, 500, { detail: "Something went wrong on our side" });
  });

  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  // WebSockets are closed first on shutdown: an open one would hold server.close() for the whole drain budget.
  const sockets =
    role !== "worker"
      ? attachTutorSocket(server, log, () => (config.APP_URL ? [new URL(config.APP_URL).origin] : []))
      : null;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  log.info(
    { port, role, dev, embedded: Boolean(runtime.embedded) },
    `Praxis listening on http://localhost:${port}`,
  );
  if (process.send) process.send({ type: "listening", port });
  // The in-process story model loads in the background so the first story does not wait for it.
  if (role !== "worker" && config.STORY_PROVIDERS.split(",").includes("local")) warmStoryModel();
  if (runtime.embedded && seedDemoData()) {
    // Local mode: say where to go and how to get in, in plain words as well as the JSON log.
    console.error(
      `\n  Praxis is running at http://localhost:${port}\n  Demo login: ${DEMO_LEARNER.email} / ${DEMO_LEARNER.password}\n`,
    );
  }

  let shuttingDown = false;
  async function shutdown(signal: string): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "shutting down");
    const hardStop = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, 10_000);
    hardStop.unref();
    await sockets?.close().catch(() => undefined);
    // Stop accepting, let in-flight requests finish, drop idle keep-alive sockets.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Budget (default 8 s, under the 10 s hard stop): half for HTTP to drain, then jobs, then pools and Postgres.
    const budget = config.SHUTDOWN_TIMEOUT_MS;
    await Promise.race([closed, new Promise((r) => setTimeout(r, budget / 2))]);
    server.closeAllConnections();
    for (const hook of shutdownHooks) await hook().catch(() => undefined);
    await runtime.stop(budget / 2);
    log.info("stopped");
    log.flush?.();
    clearTimeout(hardStop);
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
