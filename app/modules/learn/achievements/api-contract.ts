import { z } from "zod";
import { defineEndpoints } from "../../../lib/openapi.server.ts";

export const achievementSchema = z.object({
  key: z.string(),
  category: z.enum(["session", "streak", "vocabulary", "xp", "accuracy"]),
  title: z.string(),
  description: z.string(),
  threshold: z.number().int(),
});
export const unlockedSchema = achievementSchema.extend({ unlocked_at: z.iso.datetime() });

export const achievementEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/v1/achievements",
    summary: "Every achievement there is",
    tag: "learn",
    auth: "user",
    responses: {
      200: { description: "Achievements", schema: z.object({ achievements: z.array(achievementSchema) }) },
    },
  },
  {
    method: "get",
    path: "/api/v1/achievements/my",
    summary: "My progress towards each achievement, with the figures it is judged on",
    tag: "learn",
    auth: "user",
    responses: {
      200: {
        description: "Progress",
        schema: z.object({
          stats: z.object({
            xp_total: z.number().int(),
            sessions_completed: z.number().int(),
            words_learned: z.number().int(),
            streak_current: z.number().int(),
            streak_longest: z.number().int(),
            accuracy: z
              .number()
              .nullable()
              .describe("Share of messages in completed sessions needing no correction"),
          }),
          achievements: z.array(
            achievementSchema.extend({
              value: z.number(),
              progress: z.number().min(0).max(1),
              unlocked_at: z.iso.datetime().nullable(),
            }),
          ),
        }),
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/achievements/check",
    summary: "Check my achievements now (also done on every session completion)",
    tag: "learn",
    auth: "user",
    responses: {
      200: {
        description: "Newly unlocked (empty if none)",
        schema: z.object({ unlocked: z.array(unlockedSchema) }),
      },
    },
  },
]);
