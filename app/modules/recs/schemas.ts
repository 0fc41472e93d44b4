import { z } from "zod";
import { CONTENT_TYPES } from "./content-types.ts";
import { EVENT_TYPES } from "./sample-data.ts";

/** Input boundaries of the recs module. */
export const MAX_EVENT_BATCH = 1_000;
/** Clocks drift: an event may be stamped at most this far in the future. */
export const FUTURE_SKEW_MS = 5 * 60_000;

export const eventSchema = z.strictObject({
  user_id: z.uuid(),
  content_id: z.uuid(),
  event_type: z.enum(EVENT_TYPES, {
    error: (i) => `Unknown event type ${JSON.stringify(i.input)}; use one of ${EVENT_TYPES.join(", ")}`,
  }),
  ts: z.iso
    .datetime({ offset: true, error: "An ISO 8601 date-time with a zone" })
    .refine((v) => Date.parse(v) <= Date.now() + FUTURE_SKEW_MS, "Must not be in the future"),
  dwell_ms: z.number().int().min(0).max(86_400_000).optional(),
  value: z.number().finite().optional(),
  client_event_id: z.string().trim().min(1).max(100).optional(),
});
export type EventInput = z.output<typeof eventSchema>;

const batchSchema = z
  .array(eventSchema)
  .min(1, "Send at least one event")
  .max(MAX_EVENT_BATCH, `A batch holds at most ${MAX_EVENT_BATCH} events`);

/** The body as documented: one event, or a batch of up to 1,000 (all stored or none). */
export const eventsBodyDocSchema = z.union([eventSchema, batchSchema]);

/**
 * The body as parsed: the branch is chosen by shape first (a plain union would report "no option matched"
 * instead of naming the bad field of the bad event), then its issues are passed on with their paths.
 */
export const eventsBodySchema = z.unknown().transform((value, ctx): EventInput | EventInput[] => {
  const result = (Array.isArray(value) ? batchSchema : eventSchema).safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues)
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  }
  return result.data;
});

export const catalogQuerySchema = z.object({
  type: z.enum(CONTENT_TYPES).optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type CatalogQuery = z.output<typeof catalogQuerySchema>;

export const itemParamsSchema = z.object({ id: z.uuid() });

export const recommendParamsSchema = z.object({ userId: z.uuid() });
export const recommendQuerySchema = z.object({
  k: z.coerce
    .number({ error: "k must be a number" })
    .int("k must be a whole number")
    .min(1, "k must be between 1 and 100")
    .max(100, "k must be between 1 and 100")
    .default(10),
});
