import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server that speaks the OpenAI Chat Completions and Anthropic Messages wire formats
 * (JSON and server-sent-event streams, error bodies), so the real SDKs can be tested against it: each
 * vendor answers from a script of behaviours, and every request is recorded.
 */
export type Behaviour =
  | { text: string; chunks?: number }
  | { status: number; message?: string }
  /** Accept the request and never answer (the client's timeout must fire). */
  | { hang: true }
  /** Stream some text, then drop the connection. */
  | { breakAfter: string };

export type Vendor = "openai" | "anthropic";

export interface RecordedRequest {
  vendor: Vendor;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

export interface FakeLlmServer {
  url: string;
  openAiBaseUrl: string;
  anthropicBaseUrl: string;
  script(vendor: Vendor, ...behaviours: Behaviour[]): void;
  /** What a vendor answers once its script is used up. */
  fallback(vendor: Vendor, behaviour: Behaviour): void;
  /** Answers by request (concurrent requests arrive in any order); null falls through to the script. */
  respond(vendor: Vendor, responder: ((body: Record<string, unknown>) => Behaviour | null) | null): void;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function split(text: string, n: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / n));
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

const sse = (res: http.ServerResponse, data: unknown, event?: string) =>
  res.write(
    `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`,
  );

function openAi(res: http.ServerResponse, body: Record<string, unknown>, b: Behaviour) {
  if ("status" in b) {
    res.writeHead(b.status, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ error: { message: b.message ?? "fake failure", type: "server_error", code: null } }),
    );
    return;
  }
  if ("hang" in b) return;
  const text = "text" in b ? b.text : b.breakAfter;
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model: body.model };
  if (!body.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        ...base,
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  sse(res, {
    ...base,
    choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
  });
  for (const part of split(text, "chunks" in b && b.chunks ? b.chunks : 4))
    sse(res, { ...base, choices: [{ index: 0, delta: { content: part }, finish_reason: null }] });
  if ("breakAfter" in b) return void setTimeout(() => res.socket?.destroy(), 50);
  sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
  sse(res, "[DONE]");
  res.end();
}

function anthropic(res: http.ServerResponse, body: Record<string, unknown>, b: Behaviour) {
  if ("status" in b) {
    res.writeHead(b.status, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ type: "error", error: { type: "api_error", message: b.message ?? "fake failure" } }),
    );
    return;
  }
  if ("hang" in b) return;
  const text = "text" in b ? b.text : b.breakAfter;
  const message = {
    id: "msg_fake",
    type: "message",
    role: "assistant",
    model: body.model,
    content: [] as unknown[],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 0 },
  };
  if (!body.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ...message, content: [{ type: "text", text }], stop_reason: "end_turn" }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  sse(res, { type: "message_start", message }, "message_start");
  sse(
    res,
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    "content_block_start",
  );
  for (const part of split(text, "chunks" in b && b.chunks ? b.chunks : 4))
    sse(
      res,
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: part } },
      "content_block_delta",
    );
  if ("breakAfter" in b) return void setTimeout(() => res.socket?.destroy(), 50);
  sse(res, { type: "content_block_stop", index: 0 }, "content_block_stop");
  sse(
    res,
    {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 5 },
    },
    "message_delta",
  );
  sse(res, { type: "message_stop" }, "message_stop");
  res.end();
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const scripts: Record<Vendor, Behaviour[]> = { openai: [], anthropic: [] };
  const fallbacks: Record<Vendor, Behaviour> = {
    openai: { text: "Bonjour ! (openai)" },
    anthropic: { text: "Bonjour ! (anthropic)" },
  };
  const requests: RecordedRequest[] = [];
  const responders: Record<Vendor, ((body: Record<string, unknown>) => Behaviour | null) | null> = {
    openai: null,
    anthropic: null,
  };
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const vendor: Vendor | null =
        req.url === "/v1/chat/completions"
          ? "openai"
          : req.url?.startsWith("/v1/messages")
            ? "anthropic"
            : null;
      if (!vendor || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      requests.push({ vendor, body, headers: req.headers });
      const behaviour = responders[vendor]?.(body) ?? scripts[vendor].shift() ?? fallbacks[vendor];
      if ("hang" in behaviour) hanging.add(res);
      (vendor === "openai" ? openAi : anthropic)(res, body, behaviour);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openAiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    script: (vendor, ...behaviours) => void scripts[vendor].push(...behaviours),
    fallback: (vendor, behaviour) => void (fallbacks[vendor] = behaviour),
    respond: (vendor, responder) => void (responders[vendor] = responder),
    requests,
    close: async () => {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
