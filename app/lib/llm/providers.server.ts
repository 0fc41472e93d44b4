import { env, type Env } from "../env.server.ts";
import { anthropicProvider } from "./anthropic-provider.server.ts";
import { openAiProvider } from "./openai-provider.server.ts";
import type { LlmProvider, ProviderName } from "./types.ts";

/**
 * The providers with a key, in LLM_PROVIDER_ORDER. Empty means no LLM: callers fall back to what they can
 * do offline and say so. Built from an env record so tests can point it at a local server.
 */
export function configuredProviders(e: Env = env()): LlmProvider[] {
  const names = [...new Set(e.LLM_PROVIDER_ORDER.split(",") as ProviderName[])];
  return names.map((n) => buildLlmProvider(n, e)).filter((p): p is LlmProvider => p !== null);
}

/** One vendor's provider, or null without its key. */
export function buildLlmProvider(name: ProviderName, e: Env = env()): LlmProvider | null {
  const common = { timeoutMs: e.LLM_REQUEST_TIMEOUT_SECONDS * 1000, maxRetries: e.LLM_MAX_RETRIES };
  const build: Record<ProviderName, () => LlmProvider | null> = {
    openai: () =>
      e.OPENAI_API_KEY
        ? openAiProvider({
            ...common,
            apiKey: e.OPENAI_API_KEY,
            baseURL: e.OPENAI_BASE_URL,
            model: e.OPENAI_MODEL,
          })
        : null,
    anthropic: () =>
      e.ANTHROPIC_API_KEY
        ? anthropicProvider({
            ...common,
            apiKey: e.ANTHROPIC_API_KEY,
            baseURL: e.ANTHROPIC_BASE_URL,
            model: e.ANTHROPIC_MODEL,
          })
        : null,
  };
  return build[name]();
}
