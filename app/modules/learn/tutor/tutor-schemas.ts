import { z } from "zod";
import { CEFR_LEVELS } from "../levels.ts";
import { SCENARIOS } from "./scenarios.ts";

export const SCENARIO_KEYS = SCENARIOS.map((s) => s.key) as [string, ...string[]];
export const MAX_MESSAGE_CHARS = 2_000;

export const sessionSchema = z
  .object({
    topic: z
      .string()
      .trim()
      .min(1, "Give a topic or leave it out")
      .max(120, "At most 120 characters")
      .optional(),
    scenario: z.enum(SCENARIO_KEYS, `One of: ${SCENARIO_KEYS.join(", ")}`).optional(),
    level: z.enum(CEFR_LEVELS).optional().describe("Defaults to the learner's profile level"),
    planned_minutes: z.coerce.number().int().min(1).max(120).default(10),
  })
  .describe("An open topic, or a role-play scenario (its title becomes the topic)");
export type SessionInput = z.output<typeof sessionSchema>;

export const messageSchema = z.object({
  content: z
    .string()
    .trim()
    .min(1, "Write something first")
    .max(MAX_MESSAGE_CHARS, `At most ${MAX_MESSAGE_CHARS.toLocaleString("en")} characters`),
  suggested_words: z
    .array(z.number().int().positive())
    .max(20)
    .optional()
    .describe("Word ids the learner was shown; default: today's words"),
  client_message_id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("Sending the same id again returns the first result and stores nothing new"),
});
export type MessageInput = z.output<typeof messageSchema>;

export const sessionParamsSchema = z.object({ id: z.uuid() });
