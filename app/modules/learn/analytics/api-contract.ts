import { z } from "zod";
import { defineEndpoints } from "../../../lib/openapi.server.ts";
import { analyticsQuerySchema, errorsQuerySchema, statisticsQuerySchema } from "./schemas.ts";

const nullableRate = z.number().min(0).max(1).nullable();
const cachedNote =
  "Cached for 15 minutes; X-Cache says hit or miss. Reviews, turns, completions and profile changes clear it.";

export const analyticsEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/v1/analytics/summary",
    summary: "Headline figures: XP, streak, mastery, review workload, tutor accuracy, minutes",
    description: cachedNote,
    tag: "learn",
    auth: "user",
    query: analyticsQuerySchema,
    responses: {
      200: {
        description: "Summary",
        schema: z.object({
          xp: z.object({ total: z.number().int(), today: z.number().int(), last_7_days: z.number().int() }),
          streak: z.object({ current: z.number().int(), longest: z.number().int() }),
          mastery: z.object({
            words_learned: z.number().int(),
            mastered: z.number().int(),
            learning: z.number().int(),
          }),
          reviews: z.object({
            due_now: z.number().int(),
            done_today: z.number().int(),
            new_left_today: z.number().int(),
          }),
          tutor: z.object({ sessions_completed: z.number().int(), accuracy: nullableRate }),
          minutes_last_7_days: z.number().int(),
        }),
      },
    },
  },
  {
    method: "get",
    path: "/api/v1/analytics/statistics",
    summary: "Daily series in my time zone: XP, reviews and recall rate, tutor turns and accuracy, minutes",
    description: cachedNote,
    tag: "learn",
    auth: "user",
    query: statisticsQuerySchema,
    responses: {
      200: {
        description: "Series, oldest day first",
        schema: z.object({
          timezone: z.string(),
          days: z.array(
            z.object({
              date: z.string(),
              xp: z.number().int(),
              reviews: z.number().int(),
              recall_rate: nullableRate,
              turns: z.number().int(),
              turn_accuracy: nullableRate,
              minutes: z.number().int(),
            }),
          ),
        }),
      },
    },
  },
  {
    method: "get",
    path: "/api/v1/analytics/streak",
    summary: "Current and longest streak, and a year of days for a heatmap calendar",
    description: cachedNote,
    tag: "learn",
    auth: "user",
    query: analyticsQuerySchema,
    responses: {
      200: {
        description: "Streak",
        schema: z.object({
          current: z.number().int(),
          longest: z.number().int(),
          practiced_today: z.boolean(),
          calendar: z.array(
            z.object({
              date: z.string(),
              xp: z.number().int(),
              reviews: z.number().int(),
              turns: z.number().int(),
            }),
          ),
        }),
      },
    },
  },
  {
    method: "get",
    path: "/api/v1/analytics/vocabulary",
    summary: "Mastery by FSRS state, and progress through each CEFR band",
    description: cachedNote,
    tag: "learn",
    auth: "user",
    query: analyticsQuerySchema,
    responses: {
      200: {
        description: "Vocabulary",
        schema: z.object({
          states: z.object({
            new: z.number().int(),
            learning: z.number().int(),
            review: z.number().int(),
            relearning: z.number().int(),
          }),
          mastered: z.number().int(),
          mastered_rule: z.string(),
          by_level: z.array(
            z.object({
              level: z.string(),
              words: z.number().int(),
              started: z.number().int(),
              learned: z.number().int(),
            }),
          ),
        }),
      },
    },
  },
  {
    method: "get",
    path: "/api/v1/analytics/errors",
    summary: "My most frequent mistakes in tutor conversations, and mistakes by category",
    description: cachedNote,
    tag: "learn",
    auth: "user",
    query: errorsQuerySchema,
    responses: {
      200: {
        description: "Mistakes",
        schema: z.object({
          days: z.number().int(),
          by_category: z.array(z.object({ category: z.string(), count: z.number().int() })),
          most_frequent: z.array(
            z.object({
              text: z.string(),
              suggestion: z.string(),
              category: z.string(),
              explanation: z.string(),
              count: z.number().int(),
              last_seen: z.iso.datetime(),
            }),
          ),
        }),
      },
    },
  },
]);
