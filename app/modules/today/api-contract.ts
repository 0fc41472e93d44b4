import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { activityQuerySchema, goalsSchema, PLAN_MODULES } from "./schemas.ts";

const moduleName = z.enum(PLAN_MODULES);
const planItem = z.object({
  id: z.string(),
  module: moduleName,
  kind: z
    .string()
    .describe(
      "learn-streak, learn-reviews, learn-new, learn-start, typing-lesson, climb-advice, climb-rest, climb-setup, " +
        "climb-done, story-words, story-continue, story-write, story-done, library-pick",
    ),
  title: z.string(),
  detail: z.string(),
  urgency: z.enum(["at-risk", "due", "normal"]),
  minutes: z.number().int().nullable(),
  action: z.object({ label: z.string(), href: z.string().describe("Where one click starts it") }),
  score: z.number().describe("The policy's score inside the item's tier (docs/decisions/020-today-plan.md)"),
  why: z.array(z.string()).describe("Why it is on the plan and where it is"),
});
const goalSetting = z.object({ module: moduleName, label: z.string(), daily_minutes: z.number().int() });
const goal = goalSetting.extend({
  minutes_today: z.number().int().describe("Measured from today's activity"),
});
export const todayPlanSchema = z.object({
  generated_at: z.iso.datetime(),
  date: z.string().describe("The person's local day"),
  timezone: z.string(),
  local_hour: z.number().int(),
  policy: z.string(),
  items: z.array(planItem).describe("To do, in order: at-risk, then due, then by score"),
  done: z.array(planItem).describe("Done today"),
  goals: z.array(goal),
  habits: z.array(
    z.object({
      module: moduleName,
      active_days: z.number().int(),
      window_days: z.number().int(),
      usual_hour: z.number().int(),
    }),
  ),
  unavailable: z.array(moduleName).describe("Modules whose part of the plan failed this time (logged)"),
});
const feedEntry = z.object({
  module: moduleName,
  at: z.iso.datetime(),
  minutes: z.number().int(),
  summary: z.string(),
  href: z.string(),
});

export const todayEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/today",
    summary: "Today's plan across modules, ranked, each item with why it is there and where to start it",
    tag: "today",
    auth: "user",
    responses: { 200: { description: "The plan", schema: todayPlanSchema } },
  },
  {
    method: "get",
    path: "/api/today/goals",
    summary: "Your daily goals, in minutes per module (0: none)",
    tag: "today",
    auth: "user",
    responses: { 200: { description: "Goals", schema: z.object({ goals: z.array(goalSetting) }) } },
  },
  {
    method: "put",
    path: "/api/today/goals",
    summary: "Set daily goals for any of the modules (the others keep theirs)",
    tag: "today",
    auth: "user",
    body: goalsSchema,
    responses: { 200: { description: "Goals", schema: z.object({ goals: z.array(goalSetting) }) } },
  },
  {
    method: "get",
    path: "/api/activity",
    summary: "Your activity feed: practice across modules, by day",
    tag: "today",
    auth: "user",
    query: activityQuerySchema,
    responses: {
      200: {
        description: "Days, newest first",
        schema: z.object({
          timezone: z.string(),
          days: z.array(z.object({ day: z.string(), entries: z.array(feedEntry) })),
        }),
      },
    },
  },
]);
