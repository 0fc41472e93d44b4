import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env as transformersEnv,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from "@huggingface/transformers";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRandom } from "../random.ts";
import { sampleToken, type SamplingOptions } from "./sampling.ts";
import { TextDeltas } from "./text-deltas.ts";

/**
 * The story model's runtime: the exported model folder (ml/lm/story-model, transformers.js layout) loaded
 * by @huggingface/transformers with onnxruntime-node, and a decoding loop of our own (per-request seeded
 * sampling, end-of-story and context limits, cancellation between tokens).
 */
export type StoryModelDtype = "fp32" | "q8";
export type StoryDevice = "cpu" | "cuda";

export interface LoadOptions {
  dir: string;
  dtype: StoryModelDtype;
  device: StoryDevice;
  /** onnxruntime intra-op threads per session (1 was steadiest on two cores: story-model-facts.md). */
  threads?: number;
}

export interface StoryModel {
  name: string;
  dtype: StoryModelDtype;
  device: StoryDevice;
  contextSize: number;
  eosId: number;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
}

/** The exported model's config.json (the fields this runtime reads). */
export function readModelConfig(dir: string): { name: string; contextSize: number; eosId: number } {
  const abs = path.resolve(dir);
  const config = JSON.parse(readFileSync(path.join(abs, "config.json"), "utf8")) as {
    n_positions: number;
    eos_token_id: number;
    praxis_name?: string;
  };
  return {
    name: config.praxis_name ?? path.basename(abs),
    contextSize: config.n_positions,
    eosId: config.eos_token_id,
  };
}

export async function loadStoryModel({ dir, dtype, device, threads = 1 }: LoadOptions): Promise<StoryModel> {
  const abs = path.resolve(dir);
  // Offline only: the model ships with the app and nothing is fetched at run time.
  transformersEnv.allowRemoteModels = false;
  transformersEnv.allowLocalModels = true;
  transformersEnv.localModelPath = "/";
  const config = readModelConfig(abs);
  const tokenizer = await AutoTokenizer.from_pretrained(abs);
  const model = await AutoModelForCausalLM.from_pretrained(abs, {
    dtype,
    device,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  return {
    ...config,
    dtype,
    device,
    tokenizer,
    model,
  };
}

export interface GenerateOptions extends SamplingOptions {
  prompt: string;
  maxNewTokens: number;
  seed: number;
  /** Stops between tokens: the story so far is returned with stopReason "aborted". */
  signal?: AbortSignal;
  /** Text as it becomes readable (whole characters; a split multi-byte character waits). */
  onText?: (delta: string) => void;
}

export type StopReason = "eos" | "max_tokens" | "context" | "aborted";

export interface Generation {
  /** The prompt as the model saw it, then the new text. */
  promptText: string;
  text: string;
  promptTokens: number;
  /** Prompt tokens dropped from the front to leave room in the context. */
  promptTokensDropped: number;
  newTokens: number;
  stopReason: StopReason;
  firstTokenMs: number | null;
  durationMs: number;
}

/** Prompt tokens kept so that at least this many new tokens fit in the context. */
export const MIN_NEW_TOKENS = 32;

export async function generateStory(lm: StoryModel, options: GenerateOptions): Promise<Generation> {
  const started = performance.now();
  const encoded = lm.tokenizer.encode(options.prompt.trimEnd()) as number[];
  // Keep the BOS and the end of a prompt that leaves too little room: the ending is what the story continues.
  const room = lm.contextSize - MIN_NEW_TOKENS;
  const dropped = Math.max(0, encoded.length - room);
  const promptIds = dropped ? [encoded[0]!, ...encoded.slice(dropped + 1)] : encoded;
  const maxNew = Math.min(options.maxNewTokens, lm.contextSize - promptIds.length);
  const random = createRandom(options.seed);
  const deltas = new TextDeltas((ids) => lm.tokenizer.decode(ids, { skip_special_tokens: true }), promptIds);

  const ids = [...promptIds];
  let feed = promptIds;
  let past: Record<string, Tensor> | null = null;
  let firstTokenMs: number | null = null;
  let stopReason: StopReason = maxNew < options.maxNewTokens ? "context" : "max_tokens";
  let newTokens = 0;
  while (newTokens < maxNew) {
    if (options.signal?.aborted) {
      stopReason = "aborted";
      break;
    }
    const outputs = (await lm.model.forward({
      input_ids: new Tensor("int64", BigInt64Array.from(feed.map(BigInt)), [1, feed.length]),
      attention_mask: new Tensor("int64", new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
      past_key_values: past,
    })) as Record<string, Tensor>;
    const logits = outputs.logits!;
    const vocab = logits.dims.at(-1)!;
    const data = logits.data as Float32Array;
    const last = data.subarray(data.length - vocab);
    past = {};
    for (const [name, tensor] of Object.entries(outputs))
      if (name.startsWith("present")) past[name.replace("present", "past_key_values")] = tensor;
    const next = sampleToken(last, options, random.next);
    firstTokenMs ??= performance.now() - started;
    if (next === lm.eosId) {
      stopReason = "eos";
      break;
    }
    ids.push(next);
    newTokens++;
    feed = [next];
    const delta = deltas.push(next);
    if (delta) options.onText?.(delta);
  }
  const tail = deltas.flush();
  if (tail) options.onText?.(tail);
  return {
    promptText: deltas.promptText,
    text: deltas.text,
    promptTokens: promptIds.length,
    promptTokensDropped: dropped,
    newTokens,
    stopReason,
    firstTokenMs,
    durationMs: performance.now() - started,
  };
}
