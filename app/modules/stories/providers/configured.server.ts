import { env, type Env } from "../../../lib/env.server.ts";
import { buildLlmProvider } from "../../../lib/llm/providers.server.ts";
import type { StoryProviderName } from "../schemas.ts";
import { hostedProvider } from "./hosted-provider.server.ts";
import { localProvider } from "./local-provider.server.ts";
import { sidecarProvider } from "./sidecar-provider.server.ts";
import type { StoryProvider } from "./types.ts";

/** The writers in STORY_PROVIDERS order; a hosted one without its API key is left out (and said so). */
export function configuredStoryProviders(e: Env = env()): { providers: StoryProvider[]; skipped: string[] } {
  const providers: StoryProvider[] = [];
  const skipped: string[] = [];
  for (const name of new Set(e.STORY_PROVIDERS.split(",") as StoryProviderName[])) {
    if (name === "local") providers.push(localProvider());
    else if (name === "sidecar")
      providers.push(
        sidecarProvider({
          url: e.STORY_SIDECAR_URL!,
          secret: e.STORY_SIDECAR_SECRET!,
          idleTimeoutMs: e.STORY_SIDECAR_TIMEOUT_SECONDS * 1000,
        }),
      );
    else {
      const llm = buildLlmProvider(name, e);
      if (llm) providers.push(hostedProvider(llm));
      else skipped.push(`${name} (no ${name === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY"})`);
    }
  }
  return { providers, skipped };
}
