import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeLlmServer, type FakeLlmServer } from "../../../tests/support/fake-llm-server";
import { parseEnv } from "../env.server";
import { completeStructured, streamWithFallback, type StreamEvent } from "./fallback.server";
import { configuredProviders } from "./providers.server";
import { LlmUnavailableError, type ChatRequest } from "./types";

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.fallback("openai", { text: "Bonjour ! (openai)" });
  fake.fallback("anthropic", { text: "Bonjour ! (anthropic)" });
});

const providers = (extra: Record<string, string> = {}) =>
  configuredProviders(
    parseEnv({
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.openAiBaseUrl,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
      LLM_REQUEST_TIMEOUT_SECONDS: "1",
      LLM_MAX_RETRIES: "0",
      ...extra,
    }),
  );
const request: ChatRequest = {
  system: "You are a French tutor.",
  messages: [{ role: "user", content: "Bonjour" }],
  maxTokens: 200,
};

async function stream(extra?: Record<string, string>) {
  const events: StreamEvent[] = [];
  const outcome = await streamWithFallback(providers(extra), request, (e) => events.push(e));
  return { outcome, events };
}

describe("LLM providers", () => {
  it("are configured from the environment, in order, skipping any without a key", () => {
    expect(providers().map((p) => p.name)).toEqual(["openai", "anthropic"]);
    expect(providers({ LLM_PROVIDER_ORDER: "anthropic,openai" }).map((p) => p.name)).toEqual([
      "anthropic",
      "openai",
    ]);
    expect(configuredProviders(parseEnv({ ANTHROPIC_API_KEY: "k" })).map((p) => p.name)).toEqual([
      "anthropic",
    ]);
    expect(configuredProviders(parseEnv({}))).toEqual([]);
    expect(() => parseEnv({ LLM_PROVIDER_ORDER: "openai,mistral" })).toThrow(/LLM_PROVIDER_ORDER/);
  });

  it("streams OpenAI's reply in pieces, sending the system prompt, model and key", async () => {
    fake.script("openai", { text: "Salut ! Comment vas-tu ?", chunks: 5 });
    const { outcome, events } = await stream();
    expect(outcome).toMatchObject({
      provider: "openai",
      model: "gpt-4.1-mini",
      text: "Salut ! Comment vas-tu ?",
    });
    expect(events.filter((e) => e.type === "delta").length).toBeGreaterThanOrEqual(4);
    const [sent] = fake.requests;
    expect(sent!.headers.authorization).toBe("Bearer sk-test");
    expect(sent!.body).toMatchObject({ model: "gpt-4.1-mini", stream: true });
    expect((sent!.body.messages as { role: string }[])[0]).toEqual({
      role: "system",
      content: "You are a French tutor.",
    });
  });

  it("streams Anthropic's reply when it comes first", async () => {
    const { outcome } = await stream({ LLM_PROVIDER_ORDER: "anthropic,openai" });
    expect(outcome).toMatchObject({ provider: "anthropic", text: "Bonjour ! (anthropic)" });
    const [sent] = fake.requests;
    // The SDK sends the key as x-api-key or (newer versions) as a bearer token, with its API version.
    expect(sent!.headers["x-api-key"] ?? sent!.headers.authorization).toMatch(/sk-ant-test/);
    expect(sent!.headers["anthropic-version"]).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(sent!.body).toMatchObject({ system: "You are a French tutor.", max_tokens: 200, stream: true });
  });

  it("falls back to Anthropic on a 5xx, after the configured retries", async () => {
    fake.script("openai", { status: 503 }, { status: 500 });
    const { outcome } = await stream({ LLM_MAX_RETRIES: "1" });
    expect(outcome.provider).toBe("anthropic");
    expect(outcome.attempts).toEqual([{ provider: "openai", error: expect.stringMatching(/500/) }]);
    expect(fake.requests.map((r) => r.vendor)).toEqual(["openai", "openai", "anthropic"]);
  });

  it("falls back on a timeout", async () => {
    fake.script("openai", { hang: true });
    const { outcome } = await stream();
    expect(outcome.provider).toBe("anthropic");
    expect(outcome.attempts[0]!.error).toMatch(/timed out|timeout/i);
  });

  it("falls back when a stream breaks half-way, telling the listener to start again", async () => {
    fake.script("openai", { breakAfter: "Je vais vous" });
    const { outcome, events } = await stream();
    expect(outcome.provider).toBe("anthropic");
    const restart = events.findIndex((e) => e.type === "restart");
    expect(restart).toBeGreaterThan(0);
    expect(
      events
        .slice(restart + 1)
        .map((e) => (e.type === "delta" ? e.text : ""))
        .join(""),
    ).toBe(outcome.text);
  });

  it("says which providers failed and why when none answers", async () => {
    fake.script("openai", { status: 500 });
    fake.script("anthropic", { status: 529, message: "overloaded" });
    const error = await stream().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).attempts.map((a) => a.provider)).toEqual(["openai", "anthropic"]);
  });
});

describe("structured output", () => {
  const schema = z.object({ errors: z.array(z.object({ text: z.string(), correction: z.string() })) });

  it("parses JSON (even inside a code fence) and validates it with zod", async () => {
    fake.script("openai", { text: '```json\n{"errors":[{"text":"le homme","correction":"l\'homme"}]}\n```' });
    const out = await completeStructured(providers(), request, schema);
    expect(out).toMatchObject({ provider: "openai", repaired: false });
    expect(out.data.errors).toEqual([{ text: "le homme", correction: "l'homme" }]);
    expect(fake.requests[0]!.body.response_format).toEqual({ type: "json_object" });
  });

  it("asks once for a repair when the output fails validation", async () => {
    fake.script("openai", { text: '{"errors":[{"text":"le homme"}]}' }, { text: '{"errors":[]}' });
    const out = await completeStructured(providers(), request, schema);
    expect(out).toMatchObject({ provider: "openai", repaired: true, data: { errors: [] } });
    const repair = fake.requests[1]!.body.messages as { role: string; content: string }[];
    expect(repair.at(-1)!.content).toMatch(/errors\.0\.correction/);
  });

  it("moves to the next provider when the repair fails too", async () => {
    fake.script("openai", { text: "not json" }, { text: '{"wrong":true}' });
    fake.script("anthropic", { text: '{"errors":[]}' });
    const out = await completeStructured(providers(), request, schema);
    expect(out.provider).toBe("anthropic");
    expect(out.attempts[0]!.error).toMatch(/invalid output after a repair/);
  });
});
