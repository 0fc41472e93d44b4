import { z } from "zod";

/**
 * Every environment variable Praxis reads, validated once at boot. A bad value stops start-up with a
 * message naming the variable (see formatEnvError), never a half-configured server.
 */
const boolish = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    APP_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    EMBEDDED_PG_DIR: z.string().min(1).default(".data/pg"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
    /** all: web + jobs; web; worker: jobs only; ml: the story-model sidecar only (no database). */
    PRAXIS_ROLE: z.enum(["all", "web", "worker", "ml"]).default("all"),
    /** Demo accounts and content on an empty database. Default: on with embedded Postgres, off otherwise. */
    SEED_DEMO_DATA: boolish.optional(),
    /** Secure cookies. Default: on in production. */
    COOKIE_SECURE: boolish.optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(5),
    TRUST_PROXY: boolish.default(false),
    /** LLM providers, tried in this order; a provider without a key is skipped. No key: offline tutor. */
    LLM_PROVIDER_ORDER: z
      .string()
      .regex(
        /^(openai|anthropic)(,(openai|anthropic))*$/,
        "must list openai and/or anthropic, comma-separated",
      )
      .default("openai,anthropic"),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.url().optional(),
    OPENAI_MODEL: z.string().min(1).default("gpt-4.1-mini"),
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_BASE_URL: z.url().optional(),
    ANTHROPIC_MODEL: z.string().min(1).default("claude-haiku-4-5"),
    LLM_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(20),
    LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
    /** Story writers, tried in this order (a failing one hands over to the next); see docs/deploy.md. */
    STORY_PROVIDERS: z
      .string()
      .regex(
        /^(local|sidecar|openai|anthropic)(,(local|sidecar|openai|anthropic))*$/,
        "must list local, sidecar, openai and/or anthropic, comma-separated",
      )
      .default("local"),
    /** The exported story model (transformers.js layout), relative to the working directory. */
    STORY_MODEL_DIR: z.string().min(1).default("ml/lm/story-model"),
    STORY_MODEL_DTYPE: z.enum(["fp32", "q8"]).default("q8"),
    /** cuda needs onnxruntime's CUDA provider (the GPU image in Dockerfile.ml). */
    STORY_DEVICE: z.enum(["cpu", "cuda"]).default("cpu"),
    STORY_SIDECAR_URL: z.url().optional(),
    STORY_SIDECAR_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** Silence from the sidecar longer than this (a cold GPU Machine loading) hands the story to the next writer. */
    STORY_SIDECAR_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(30),
    /** Stories written at once per process, and how many more may wait before a 429. */
    STORY_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(2),
    STORY_MAX_QUEUED: z.coerce.number().int().min(0).max(1000).default(8),
    /** Per-user limits on work that spends model time (ADR 021): tutor turns that reach an LLM... */
    TUTOR_LLM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    TUTOR_LLM_RATE_LIMIT_PER_DAY: z.coerce.number().int().min(1).default(300),
    /** ...and stories started (any writer: the local model's CPU is shared by everyone on the machine). */
    STORY_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(20),
    STORY_RATE_LIMIT_PER_DAY: z.coerce.number().int().min(1).default(100),
    /** Outgoing mail (streak reminders): smtp://user:pass@host:587 or smtps://…; unset = in-app only. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Praxis <no-reply@praxis.local>"),
    /** Climb coach: how long each process trusts its copy of the rules and of the fitted population. */
    RULES_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    PRIORS_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
    // Must stay under the 10 s hard stop in server.ts (and Fly's kill_timeout).
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(2_000).max(9_000).default(8_000),
  })
  .superRefine((env, ctx) => {
    // Production needs a real secret, except in local mode (embedded Postgres) where one is generated.
    if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    }
    const storyProviders = env.STORY_PROVIDERS.split(",");
    if (storyProviders.includes("sidecar") && !env.STORY_SIDECAR_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["STORY_SIDECAR_URL"],
        message: "is required for the sidecar provider",
      });
    }
    if ((storyProviders.includes("sidecar") || env.PRAXIS_ROLE === "ml") && !env.STORY_SIDECAR_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["STORY_SIDECAR_SECRET"],
        message: "is required for the sidecar (both the app and PRAXIS_ROLE=ml)",
      });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: [env.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL"],
        message: "ADMIN_EMAIL and ADMIN_PASSWORD must be set together",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function formatEnvError(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
  return `Invalid environment configuration:\n${lines.join("\n")}`;
}

/** Parses an env record; throws EnvError naming each bad variable. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) throw new EnvError(formatEnvError(result.error));
  return result.data;
}

const holder = globalThis as typeof globalThis & { __praxisEnv?: Env };

/** The process's validated env, parsed on first use. */
export function env(): Env {
  holder.__praxisEnv ??= parseEnv();
  return holder.__praxisEnv;
}

/** Set at boot: SESSION_SECRET, or in local mode a random secret persisted under .data/. */
export function sessionSecret(): string {
  const secret = env().SESSION_SECRET ?? (globalThis as { __praxisLocalSecret?: string }).__praxisLocalSecret;
  if (!secret) throw new Error("session secret not initialised: boot must call setLocalSessionSecret()");
  return secret;
}

export function setLocalSessionSecret(secret: string): void {
  (globalThis as { __praxisLocalSecret?: string }).__praxisLocalSecret = secret;
}

export function seedDemoData(): boolean {
  return env().SEED_DEMO_DATA ?? !env().DATABASE_URL;
}

export function cookieSecure(): boolean {
  return env().COOKIE_SECURE ?? env().NODE_ENV === "production";
}
