import { z } from "zod";
import { PACK_KEYS } from "./lesson-packs.ts";

export const modeSchema = z.enum(["words", "sentences"]);

/** A lesson pack's key (lesson-packs.ts); an unknown one is named in the 400. */
export const packSchema = z.enum(PACK_KEYS, { error: `unknown lesson pack: one of ${PACK_KEYS.join(", ")}` });

// The seed's timestamps have no offset ("2025-11-30T12:00:00"); those are read as UTC.
const timestamp = z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })]);

export const MAX_KEYSTROKES = 5_000;
export const MAX_SNIPPET_DURATION_MS = 60 * 60_000;

export const keystrokeSchema = z.strictObject({
  key: z.string().min(1).max(20),
  expected: z.string().max(2),
  t: z
    .number()
    .finite()
    .min(0)
    .max(MAX_SNIPPET_DURATION_MS)
    .describe("Milliseconds since the snippet started"),
  correct: z.boolean(),
});

/** `POST /api/telemetry/snippet`: the seed's payload, plus optional keystrokes and client_event_id. */
export const telemetrySchema = z
  .strictObject({
    snippet: z.strictObject({
      snippet_id: z.uuid(),
      session_id: z.uuid(),
      wpm: z.number().finite().min(0, "wpm must be 0 or more").max(400, "wpm above 400 is not human typing"),
      accuracy: z
        .number()
        .finite()
        .min(0, "accuracy is a fraction from 0 to 1")
        .max(1, "accuracy is a fraction from 0 to 1"),
      position: z.number().int().min(0).max(10_000),
      difficulty: z.number().finite().min(0).max(100),
      started_at: timestamp,
      completed_at: timestamp,
    }),
    user_state: z.strictObject({ user_id: z.uuid() }),
    keystrokes: z
      .array(keystrokeSchema)
      .max(MAX_KEYSTROKES, `at most ${MAX_KEYSTROKES} keystrokes per snippet`)
      .optional(),
    client_event_id: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("Idempotency key: a repeat returns the first raw_id"),
    pack: packSchema
      .optional()
      .describe("The lesson pack the snippet was typed in: records the pack as practised today"),
  })
  .superRefine((v, ctx) => {
    const started = parseTimestamp(v.snippet.started_at).getTime();
    const completed = parseTimestamp(v.snippet.completed_at).getTime();
    if (completed < started) {
      ctx.addIssue({
        code: "custom",
        path: ["snippet", "completed_at"],
        message: "completed_at is before started_at",
      });
    } else if (completed - started > MAX_SNIPPET_DURATION_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["snippet", "completed_at"],
        message: "a snippet cannot take more than an hour",
      });
    }
  });

export type TelemetryInput = z.infer<typeof telemetrySchema>;

export function parseTimestamp(value: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

export const telemetryResponseSchema = z.object({
  status: z.literal("ok"),
  raw_id: z.uuid(),
  enqueued: z.boolean(),
  job_id: z.string().nullable(),
  duplicate: z.boolean().describe("True when client_event_id was seen before: nothing new was stored"),
});

export const startSessionSchema = z.strictObject({ mode: modeSchema });
export const sessionSchema = z.object({
  id: z.uuid(),
  mode: modeSchema,
  startedAt: z.iso.datetime({ offset: true }),
  snippetsCompleted: z.number().int(),
  wpm: z.number().nullable(),
  accuracy: z.number().nullable(),
  durationMs: z.number().int(),
});

export const nextQuerySchema = z.strictObject({
  mode: modeSchema
    .optional()
    .describe("words (the default) or sentences; with `pack`, both modes unless one is given"),
  count: z.coerce.number().int().min(1).max(20).default(5),
  pack: packSchema.optional().describe("Serve one lesson pack's snippets (see /typing for the list)"),
});

export const nextResponseSchema = z.object({
  policy: z
    .enum(["cold-start", "heuristic", "model", "own", "pack"])
    .describe(
      "cold-start: no typing data yet; heuristic: focus the weakest keys; model: the learned ranker; " +
        "pack: one lesson pack's snippets, best fit first",
    ),
  pack: z
    .object({ key: packSchema, title: z.string(), keys: z.array(z.string()) })
    .optional()
    .describe("The lesson pack served, with the keys it drills"),
  focus: z.array(z.object({ key: z.string(), confidence: z.number().nullable(), errorRate: z.number() })),
  targetDifficulty: z.number(),
  snippets: z.array(
    z.object({
      id: z.uuid(),
      text: z.string(),
      mode: modeSchema,
      difficulty: z.number(),
      reason: z.string(),
      drills: z.array(z.string()),
    }),
  ),
});
