import type http from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { z } from "zod";
import { getAuth } from "../../../lib/auth.server.ts";
import { RateLimitedError } from "../../../lib/rate-limit.server.ts";
import { LearnError } from "../reviews.server.ts";
import { messageSchema } from "./tutor-schemas.ts";
import { getSession, postMessage } from "./tutor.server.ts";

/**
 * The seed's session stream, /api/v1/sessions/:id/ws. Authenticated like the API (a `token` query
 * parameter or `Authorization: Bearer`, or the session cookie from a same-origin page). Frames are JSON:
 * in, user_message | typing | heartbeat; out, session_ready, reply_delta / reply_restart while the tutor
 * writes, turn_result, typing (from the session's other connections), heartbeat, error. A malformed frame
 * gets an error frame and the connection stays open; so does a turn over the learner's LLM limit (status 429
 * with `retry_after` in seconds).
 */
const PATH = /^\/api\/v1\/sessions\/([0-9a-f-]{36})\/ws$/i;
const MAX_FRAME_BYTES = 64 * 1024;

const frameSchema = z.discriminatedUnion("type", [
  messageSchema.extend({ type: z.literal("user_message") }),
  z.object({ type: z.literal("typing"), is_typing: z.boolean() }),
  z.object({ type: z.literal("heartbeat") }),
]);

interface Connection {
  ws: WebSocket;
  userId: string;
  /** Turns from one connection run one after another. */
  queue: Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string) {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function attachTutorSocket(server: http.Server, log: Logger, allowedOrigins: () => string[]) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sessions = new Map<string, Set<Connection>>();
  const send = (ws: WebSocket, frame: object) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, "Not Found");
    const sessionId = match[1]!.toLowerCase();
    void (async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const queryToken = url.searchParams.get("token");
      if (queryToken) headers.set("authorization", `Bearer ${queryToken}`);
      // A browser page authenticates with its cookie: only from our own origin (no cross-site hijacking).
      if (!headers.has("authorization")) {
        const origin = req.headers.origin;
        const own = `${req.headers["x-forwarded-proto"] === "https" ? "https" : "http"}://${req.headers.host}`;
        if (origin && origin !== own && !allowedOrigins().includes(origin))
          return refuse(socket, 403, "Forbidden");
      }
      const auth = await getAuth(new Request(`http://localhost${req.url}`, { headers }));
      if (!auth) return refuse(socket, 401, "Unauthorized");
      const userId = auth.user.id;
      let ready;
      try {
        ready = await getSession(userId, sessionId, auth.user.role === "admin");
      } catch (error) {
        if (error instanceof LearnError)
          return refuse(socket, error.status, error.status === 403 ? "Forbidden" : "Not Found");
        throw error;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const connection: Connection = { ws, userId, queue: Promise.resolve() };
        const peers = sessions.get(sessionId) ?? new Set();
        peers.add(connection);
        sessions.set(sessionId, peers);
        send(ws, {
          type: "session_ready",
          session: ready.session,
          messages: ready.messages,
          connected_user_ids: [...new Set([...peers].map((c) => c.userId))],
        });
        ws.on("message", (data, isBinary) =>
          onFrame(connection, sessionId, isBinary ? null : data.toString()),
        );
        ws.on("close", () => {
          peers.delete(connection);
          if (peers.size === 0) sessions.delete(sessionId);
        });
        ws.on("error", (error) => log.warn({ err: error, sessionId }, "tutor socket error"));
      });
    })().catch((error: unknown) => {
      log.error({ err: error, sessionId }, "tutor socket upgrade failed");
      refuse(socket, 500, "Internal Server Error");
    });
  });

  function onFrame(connection: Connection, sessionId: string, raw: string | null) {
    const { ws, userId } = connection;
    let json: unknown;
    try {
      json = raw === null ? undefined : JSON.parse(raw);
    } catch {
      return send(ws, { type: "error", status: 400, detail: "Frames are JSON objects", errors: [] });
    }
    const frame = frameSchema.safeParse(json);
    if (!frame.success)
      return send(ws, {
        type: "error",
        status: 400,
        detail: "Invalid frame",
        errors: frame.error.issues.map((i) => ({ path: i.path.join(".") || "type", message: i.message })),
      });
    const f = frame.data;
    if (f.type === "heartbeat") return send(ws, { type: "heartbeat", server_time: new Date().toISOString() });
    if (f.type === "typing") {
      for (const peer of sessions.get(sessionId) ?? [])
        if (peer !== connection) send(peer.ws, { type: "typing", user_id: userId, is_typing: f.is_typing });
      return;
    }
    const { type: _type, ...input } = f;
    connection.queue = connection.queue.then(async () => {
      try {
        const result = await postMessage(userId, sessionId, input, (e) =>
          send(ws, e.type === "delta" ? { type: "reply_delta", text: e.text } : { type: "reply_restart" }),
        );
        for (const peer of sessions.get(sessionId) ?? []) send(peer.ws, { type: "turn_result", ...result });
      } catch (error) {
        // The learner's LLM limit is spent: say for how long; the connection stays open for later turns.
        if (error instanceof RateLimitedError)
          return send(ws, {
            type: "error",
            status: 429,
            detail: error.detail,
            errors: [],
            retry_after: error.retryAfter,
          });
        if (error instanceof LearnError)
          return send(ws, {
            type: "error",
            status: error.status,
            detail: error.detail,
            errors: error.errors,
          });
        log.error({ err: error, sessionId }, "tutor turn failed");
        send(ws, { type: "error", status: 500, detail: "Something went wrong on our side", errors: [] });
      }
    });
  }

  return {
    close: async () => {
      for (const peers of sessions.values()) for (const c of peers) c.ws.close(1001, "server shutting down");
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
