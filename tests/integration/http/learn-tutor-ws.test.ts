import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { baseUrl, call, createToken, signup } from "../../support/http";

interface Frame {
  type: string;
  [key: string]: unknown;
}

async function learnerWithSession() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  await call("/api/v1/learn/profile", { method: "PUT", token, json: { cefr_level: "A1", timezone: "UTC" } });
  const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  const created = (await (await call("/api/v1/sessions", { token, json: {} })).json()) as {
    session: { id: string };
  };
  return { token, userId: me.user.id, sessionId: created.session.id };
}

const wsUrl = (sessionId: string, query = "") =>
  `${baseUrl().replace(/^http/, "ws")}/api/v1/sessions/${sessionId}/ws${query}`;

/** Opens a socket and collects its frames; `next(type)` waits for the next frame of that type. */
async function open(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters: { type: string; resolve: (f: Frame) => void }[] = [];
  let seen = 0;
  ws.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    const w = waiters.findIndex((x) => x.type === frame.type);
    if (w >= 0) waiters.splice(w, 1)[0]!.resolve(frame);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once("error", reject);
  });
  const next = (type: string) =>
    new Promise<Frame>((resolve) => {
      const found = frames.slice(seen).find((f) => f.type === type);
      if (found) {
        seen = frames.indexOf(found) + 1;
        return resolve(found);
      }
      waiters.push({ type, resolve: (f) => ((seen = frames.indexOf(f) + 1), resolve(f)) });
    });
  const sendJson = (v: unknown) => ws.send(typeof v === "string" ? v : JSON.stringify(v));
  return { ws, frames, next, send: sendJson };
}

describe("the session WebSocket", () => {
  it("greets with session_ready (token as a query parameter), answers heartbeats and streams a turn", async () => {
    const { token, userId, sessionId } = await learnerWithSession();
    const socket = await open(wsUrl(sessionId, `?token=${token}`));
    const ready = await socket.next("session_ready");
    expect(ready).toMatchObject({
      session: { id: sessionId, mode: "offline" },
      connected_user_ids: [userId],
    });
    expect((ready.messages as unknown[]).length).toBe(1);

    socket.send({ type: "heartbeat" });
    const beat = await socket.next("heartbeat");
    expect(Date.parse(beat.server_time as string)).toBeGreaterThan(Date.now() - 60_000);

    socket.send({ type: "user_message", content: "Le homme est là.", client_message_id: "ws-1" });
    const result = await socket.next("turn_result");
    const deltas = socket.frames
      .filter((f) => f.type === "reply_delta")
      .map((f) => f.text)
      .join("");
    expect(deltas).toBe((result.reply as { content: string }).content);
    expect((result.feedback as { errors: { category: string }[] }).errors.map((e) => e.category)).toEqual([
      "elision",
    ]);
    expect(result.session).toMatchObject({ turns: 1 });
    socket.ws.close();
  });

  it("answers malformed frames with an error frame and keeps the connection", async () => {
    const { token, sessionId } = await learnerWithSession();
    const socket = await open(wsUrl(sessionId), { Authorization: `Bearer ${token}` });
    await socket.next("session_ready");
    socket.send("this is not json");
    expect(await socket.next("error")).toMatchObject({ status: 400, detail: "Frames are JSON objects" });
    socket.send({ type: "dance" });
    expect(await socket.next("error")).toMatchObject({ status: 400, errors: [{ path: "type" }] });
    socket.send({ type: "user_message", content: "" });
    expect(await socket.next("error")).toMatchObject({ errors: [{ path: "content" }] });
    socket.send({ type: "user_message", content: "é".repeat(10_240) });
    expect(await socket.next("error")).toMatchObject({ errors: [{ path: "content" }] });
    socket.send({ type: "heartbeat" });
    await socket.next("heartbeat");
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    socket.ws.close();
  });

  it("rebroadcasts typing to the session's other connections only", async () => {
    const { token, sessionId } = await learnerWithSession();
    const a = await open(wsUrl(sessionId, `?token=${token}`));
    await a.next("session_ready");
    const b = await open(wsUrl(sessionId, `?token=${token}`));
    await b.next("session_ready");
    a.send({ type: "typing", is_typing: true });
    expect(await b.next("typing")).toMatchObject({ is_typing: true });
    // b's own heartbeat arrives after anything a sent, so a's silence is checked in order.
    a.send({ type: "heartbeat" });
    await a.next("heartbeat");
    expect(a.frames.some((f) => f.type === "typing")).toBe(false);
    a.ws.close();
    b.ws.close();
  });

  it("refuses a socket without credentials, for another learner's session, or an unknown one", async () => {
    const { sessionId } = await learnerWithSession();
    const other = await learnerWithSession();
    await expect(open(wsUrl(sessionId))).rejects.toThrow(/status 401/);
    await expect(open(wsUrl(sessionId, `?token=${other.token}`))).rejects.toThrow(/status 403/);
    await expect(
      open(wsUrl("00000000-0000-4000-8000-000000000000", `?token=${other.token}`)),
    ).rejects.toThrow(/status 404/);
    await expect(open(`${baseUrl().replace(/^http/, "ws")}/api/v1/nowhere`)).rejects.toThrow(/status 404/);
  });
});
