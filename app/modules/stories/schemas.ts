import { z } from "zod";

/** Limits of a story request. The context is the story model's (512 tokens): prompt + new tokens fit in it. */
export const PROMPT_MAX_CHARS = 1_000;
export const MAX_TOKENS_CAP = 480;
export const STORY_PROVIDER_NAMES = ["local", "sidecar", "openai", "anthropic"] as const;
export type StoryProviderName = (typeof STORY_PROVIDER_NAMES)[number];

export const DEFAULT_OPTIONS = { maxTokens: 300, temperature: 0.8, topK: 40, topP: 0.95 } as const;

/** Sampling controls, shared by the public API and the sidecar's internal one. */
export const samplingSchema = z.object({
  maxTokens: z
    .number()
    .int()
    .min(1)
    .max(MAX_TOKENS_CAP, `at most ${MAX_TOKENS_CAP} new tokens (the model's context is 512 tokens)`)
    .default(DEFAULT_OPTIONS.maxTokens),
  temperature: z
    .number()
    .min(0, "0 (always the likeliest word) or more")
    .max(2, "at most 2")
    .default(DEFAULT_OPTIONS.temperature),
  topK: z.number().int().min(0).max(4096).default(DEFAULT_OPTIONS.topK),
  topP: z.number().gt(0, "greater than 0").max(1, "at most 1").default(DEFAULT_OPTIONS.topP),
  /** Same seed, prompt, options and model: the same story. Omitted: a random seed, reported back. */
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
});

const promptSchema = z
  .string()
  .trim()
  .min(1, "write how the story begins")
  .max(PROMPT_MAX_CHARS, `at most ${PROMPT_MAX_CHARS} characters`);

/** `POST /api/stories`. */
export const storyRequestSchema = samplingSchema.extend({
  prompt: promptSchema,
  title: z.string().trim().min(1).max(120).optional(),
  /** Only this writer (no fallback). Must be one of STORY_PROVIDERS. */
  provider: z.enum(STORY_PROVIDER_NAMES, { error: `one of ${STORY_PROVIDER_NAMES.join(", ")}` }).optional(),
  /** Keep it in the library as soon as it is finished. */
  save: z.boolean().default(false),
  /** false: answer with one JSON object when the story is finished instead of an event stream. */
  stream: z.boolean().default(true),
  /** "due": use the learner's French words (due ones first), from the learn module. */
  words: z.enum(["due"], { error: 'only "due" (your French words that are due)' }).optional(),
  /** fr needs a hosted writer (openai, anthropic); Praxis's own model writes English only. */
  language: z.enum(["en", "fr"], { error: "en or fr" }).default("en"),
});
export type StoryRequestInput = z.output<typeof storyRequestSchema>;

/** The sidecar's internal `POST /v1/generate`. */
export const sidecarRequestSchema = samplingSchema.extend({
  prompt: promptSchema,
  seed: z.number().int().min(0).max(2_147_483_647),
});

/** `POST /api/stories/{id}/save`: an optional body; `shared` shares it in the library (or stops sharing it). */
export const saveBodySchema = z.strictObject({
  shared: z
    .boolean({ error: "true to share the story in the library, false to stop sharing it" })
    .optional()
    .describe("true: other readers can read it in the library; false: only you; absent: unchanged"),
});
export type SaveBodyInput = z.output<typeof saveBodySchema>;

export const listQuerySchema = z.object({
  include: z.enum(["saved", "all"]).default("saved"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
