import { z } from "zod";
import { isTimeZone } from "../../lib/time-zones.ts";
import { CEFR_LEVELS } from "./levels.ts";

/** Input boundaries of the learn module (forms and JSON API share them). */

export const profileSchema = z.object({
  cefr_level: z.enum(CEFR_LEVELS),
  daily_new_limit: z.coerce.number().int().min(0).max(200).default(20),
  daily_review_limit: z.coerce.number().int().min(0).max(2000).default(200),
  desired_retention: z.coerce.number().min(0.7).max(0.97).default(0.9),
  timezone: z.string().trim().min(1).max(64).refine(isTimeZone, "Not an IANA time zone").default("UTC"),
});
export type ProfileInput = z.output<typeof profileSchema>;

export const DIRECTIONS = ["fr-en", "en-fr"] as const;
/** "conversation": an implicit review from the tutor (a word used in a message, or a drill answered). */
export const ANSWER_MODES = ["flip", "typed", "conversation"] as const;

export const reviewSchema = z.object({
  word_id: z.number().int().positive(),
  rating: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
    error: "Must be 0 (again), 1 (hard), 2 (good) or 3 (easy)",
  }),
  client_review_id: z.string().trim().min(1).max(100).optional(),
  direction: z.enum(DIRECTIONS).default("fr-en"),
  answer_mode: z.enum(ANSWER_MODES).default("flip"),
  duration_ms: z.number().int().min(0).max(3_600_000).optional(),
  /** Admins may act for another learner; everyone else only for themselves. */
  user_id: z.uuid().optional(),
});
export type ReviewInput = z.output<typeof reviewSchema>;

export const queueQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  user_id: z.uuid().optional(),
});

export const progressParamsSchema = z.object({
  wordId: z.coerce.number().int().positive(),
});
export const progressQuerySchema = z.object({ user_id: z.uuid().optional() });
export const undoSchema = z.object({ user_id: z.uuid().optional() });

export const learnerParamsSchema = z.object({ userId: z.uuid() });
