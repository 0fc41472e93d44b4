import path from "node:path";
import {
  generateStory,
  loadStoryModel,
  readModelConfig,
  type StoryModel,
} from "../../../../ml/lm/story-model.ts";
import { env } from "../../../lib/env.server.ts";
import { logger } from "../../../lib/logger.server.ts";
import type { StoryProvider } from "./types.ts";

/**
 * The story model in this process, loaded once (the first story, or warmStoryModel at boot) and shared by
 * every request; a failed load is retried on the next request rather than cached.
 */
const state = globalThis as typeof globalThis & { __praxisStoryModel?: Promise<StoryModel> };

export function storyModel(): Promise<StoryModel> {
  if (!state.__praxisStoryModel) {
    const config = env();
    const started = performance.now();
    const loading = loadStoryModel({
      dir: path.resolve(config.STORY_MODEL_DIR),
      dtype: config.STORY_MODEL_DTYPE,
      device: config.STORY_DEVICE,
    });
    state.__praxisStoryModel = loading;
    loading.then(
      (m) =>
        logger().info(
          { model: m.name, dtype: m.dtype, device: m.device, ms: Math.round(performance.now() - started) },
          "story model loaded",
        ),
      (error: unknown) => {
        logger().error({ err: error }, "story model failed to load");
        if (state.__praxisStoryModel === loading) state.__praxisStoryModel = undefined;
      },
    );
  }
  return state.__praxisStoryModel;
}

/** Loads the model in the background so the first story does not wait for it. */
export function warmStoryModel(): void {
  storyModel().catch(() => undefined);
}

let label: string | undefined;
/** "praxis-story-5m q8 cpu": the shipped model's name (config.json) with how it runs. */
export function localModelLabel(): string {
  if (!label) {
    const config = env();
    const { name } = readModelConfig(config.STORY_MODEL_DIR);
    label = `${name} ${config.STORY_MODEL_DTYPE} ${config.STORY_DEVICE}`;
  }
  return label;
}

export function localProvider(): StoryProvider {
  return {
    name: "local",
    model: localModelLabel(),
    async write(request, onText, signal) {
      const lm = await storyModel();
      const g = await generateStory(lm, {
        prompt: request.prompt,
        maxNewTokens: request.maxTokens,
        temperature: request.temperature,
        topK: request.topK,
        topP: request.topP,
        seed: request.seed,
        signal,
        onText,
      });
      return {
        text: g.text,
        promptTokens: g.promptTokens,
        newTokens: g.newTokens,
        promptTokensDropped: g.promptTokensDropped,
        stopReason: g.stopReason === "aborted" ? "stopped" : g.stopReason,
      };
    },
  };
}
