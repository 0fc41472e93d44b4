import http from "node:http";
import { timingSafeEqual } from "node:crypto";
import { generateStory } from "../../../ml/lm/story-model.ts";
import type { Env } from "../../lib/env.server.ts";
import type { logger } from "../../lib/logger.server.ts";

type Logger = ReturnType<typeof logger>;
import { GenerationSlots, SlotsFullError } from "./generation-slots.server.ts";
import { localModelLabel, storyModel } from "./providers/local-provider.server.ts";
import type { SidecarLine } from "./providers/sidecar-provider.server.ts";
import { sidecarRequestSchema } from "./schemas.ts";

/**
 * PRAXIS_ROLE=ml: the story model served over internal HTTP, nothing else (no database, no jobs, no
 * pages). `POST /v1/generate` (Bearer STORY_SIDECAR_SECRET) streams newline-delimited JSON (see
 * sidecar-provider.server.ts); `GET /health` says whether the model is loaded. On a Fly GPU Machine
 * STORY_DEVICE=cuda runs it on the GPU; on CPU it works the same, slower.
 */
const BODY_LIMIT = 16 * 1024;

function sameSecret(header: string | undefined, secret: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function answer(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function createSidecarServer(config: Env, log: Logger): http.Server {
  const slots = new GenerationSlots(config.STORY_MAX_CONCURRENT, config.STORY_MAX_QUEUED);
  let loaded = false;
  // A failed load is retried by the next health check (storyModel() drops a failed attempt), so one
  // transient device error does not leave the sidecar unhealthy until a restart.
  const load = () =>
    storyModel().then(
      () => (loaded = true),
      () => undefined,
    );
  void load();

  return http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sidecar");
      if (req.method === "GET" && (url.pathname === "/health" || url.pathname === "/api/health")) {
        if (!loaded) void load();
        return answer(res, loaded ? 200 : 503, {
          status: loaded ? "ok" : "loading",
          role: "ml",
          model: localModelLabel(),
          ...slots.stats,
        });
      }
      if (url.pathname !== "/v1/generate") return answer(res, 404, { error: "not found" });
      if (req.method !== "POST") return answer(res, 405, { error: "use POST" }, { allow: "POST" });
      if (!sameSecret(req.headers.authorization, config.STORY_SIDECAR_SECRET!))
        return answer(res, 401, { error: "bad or missing bearer secret" });
      const text = await readBody(req);
      if (text === null) return answer(res, 413, { error: `body over ${BODY_LIMIT} bytes` });
      let parsed;
      try {
        parsed = sidecarRequestSchema.safeParse(JSON.parse(text));
      } catch {
        return answer(res, 400, { error: "malformed JSON" });
      }
      if (!parsed.success)
        return answer(res, 400, {
          error: "invalid request",
          errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        });
      const gone = new AbortController();
      res.on("close", () => gone.abort());
      let release: () => void;
      try {
        release = await slots.acquire(gone.signal);
      } catch (error) {
        if (error instanceof SlotsFullError)
          return answer(res, 429, { error: "busy" }, { "retry-after": String(error.retryAfterSeconds) });
        return;
      }
      const write = (line: SidecarLine) => res.write(`${JSON.stringify(line)}\n`);
      try {
        const lm = await storyModel();
        res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
        const { prompt, maxTokens, ...sampling } = parsed.data;
        const g = await generateStory(lm, {
          prompt,
          maxNewTokens: maxTokens,
          ...sampling,
          signal: gone.signal,
          onText: (delta) => write({ type: "text", text: delta }),
        });
        if (!gone.signal.aborted)
          write({
            type: "done",
            model: `${localModelLabel()} (sidecar)`,
            promptTokens: g.promptTokens,
            newTokens: g.newTokens,
            promptTokensDropped: g.promptTokensDropped,
            stopReason: g.stopReason === "aborted" ? "stopped" : g.stopReason,
          });
        res.end();
      } catch (error) {
        log.error({ err: error }, "sidecar generation failed");
        if (res.headersSent) {
          write({ type: "error", message: "generation failed" });
          res.end();
        } else answer(res, 500, { error: "generation failed" });
      } finally {
        release();
      }
    })();
  });
}

/** The whole PRAXIS_ROLE=ml process: listen, and drain on SIGTERM/SIGINT. */
export async function runStorySidecar(config: Env, log: Logger): Promise<void> {
  const server = createSidecarServer(config, log);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  log.info({ port, role: "ml", model: localModelLabel() }, `Praxis story sidecar listening on port ${port}`);
  if (process.send) process.send({ type: "listening", port });
  const stop = (signal: string) => {
    log.info({ signal }, "sidecar shutting down");
    setTimeout(() => process.exit(0), config.SHUTDOWN_TIMEOUT_MS).unref();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
