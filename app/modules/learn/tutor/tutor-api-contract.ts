import { z } from "zod";
import { defineEndpoints } from "../../../lib/openapi.server.ts";
import { rateLimitProblemSchema } from "../../../lib/rate-limit.server.ts";
import { unlockedSchema } from "../achievements/api-contract.ts";
import { messageSchema, sessionParamsSchema, sessionSchema } from "./tutor-schemas.ts";

const overview = z.object({
  id: z.uuid(),
  topic: z.string(),
  scenario: z.object({ key: z.string(), title: z.string(), goal: z.string() }).nullable(),
  level: z.string(),
  planned_minutes: z.number().int(),
  status: z.enum(["active", "completed"]),
  turns: z.number().int(),
  xp: z.number().int(),
  started_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
  mode: z
    .enum(["llm", "offline"])
    .describe("offline: no LLM key is configured; the offline tutor drills today's words"),
});
const message = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  role: z.enum(["learner", "tutor"]),
  content: z.string(),
  provider: z.string().nullable().describe("openai, anthropic, offline or scripted (the opening line)"),
  created_at: z.iso.datetime(),
});
const languageError = z.object({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  category: z.string(),
  suggestion: z.string(),
  explanation: z.string(),
  source: z.enum(["checker", "llm"]),
});
export const turnResultSchema = z.object({
  session: overview,
  learner_message: message,
  reply: message,
  xp_awarded: z.number().int(),
  feedback: z.object({
    errors: z.array(languageError).describe("Rule checker first, then the LLM's (when a key is set)"),
    words_used: z.array(z.object({ word_id: z.number().int(), french: z.string(), correct: z.boolean() })),
    suggested_missed: z.array(
      z.object({ word_id: z.number().int(), french: z.string(), english: z.string() }),
    ),
    drill: z
      .object({
        word_id: z.number().int(),
        verdict: z.enum(["correct", "accent", "wrong"]),
        expected: z.string(),
      })
      .nullable(),
    implicit_reviews: z.array(
      z.object({ word_id: z.number().int(), rating: z.number().int(), source: z.enum(["drill", "usage"]) }),
    ),
    note: z.string().nullable(),
  }),
  duplicate: z.boolean(),
});

export const tutorEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/v1/sessions",
    summary: "My tutoring sessions (latest 50) and whether the tutor is the LLM or offline",
    tag: "learn",
    auth: "user",
    responses: {
      200: {
        description: "Sessions",
        schema: z.object({
          sessions: z.array(overview),
          tutor: z.object({
            mode: z.enum(["llm", "offline"]),
            providers: z.array(z.object({ name: z.string(), model: z.string() })),
          }),
        }),
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/sessions",
    summary: "Start a tutoring session: an open topic or a role-play scenario",
    tag: "learn",
    auth: "user",
    body: sessionSchema,
    responses: {
      201: {
        description: "Started, with the tutor's opening message",
        schema: z.object({ session: overview, messages: z.array(message) }),
      },
      409: { description: "No learner profile yet" },
    },
  },
  {
    method: "get",
    path: "/api/v1/sessions/{id}",
    summary: "A session with its messages and each learner message's errors",
    tag: "learn",
    auth: "user",
    params: sessionParamsSchema,
    responses: {
      200: {
        description: "Session",
        schema: z.object({
          session: overview,
          messages: z.array(message.extend({ errors: z.array(languageError) })),
        }),
      },
      403: { description: "Another learner's session" },
      404: { description: "No such session" },
    },
  },
  {
    method: "post",
    path: "/api/v1/sessions/{id}/messages",
    summary: "Send a message; returns the turn result (tutor reply, corrections, XP, implicit reviews)",
    description:
      "The same exchange as the WebSocket's user_message → turn_result. With a client_message_id, a repeat " +
      "returns the first result (200) and stores nothing new. With an LLM tutor, each learner may send " +
      "TUTOR_LLM_RATE_LIMIT_PER_MINUTE (20) turns a minute and TUTOR_LLM_RATE_LIMIT_PER_DAY (300) a day; " +
      "beyond that, 429 with Retry-After and nothing is stored (on the WebSocket: an error frame with " +
      "status 429 and retry_after in seconds, and the connection stays open). The offline tutor is not limited.",
    tag: "learn",
    auth: "user",
    params: sessionParamsSchema,
    body: messageSchema,
    responses: {
      201: { description: "Turn result", schema: turnResultSchema },
      200: { description: "A repeated client_message_id: the first result", schema: turnResultSchema },
      403: { description: "Another learner's session" },
      404: { description: "No such session" },
      409: { description: "The session is completed" },
      429: {
        description:
          "The learner's AI tutor limit (per minute or per day) is spent; Retry-After gives the seconds to wait",
        schema: rateLimitProblemSchema,
        contentType: "application/problem+json",
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/sessions/{id}/complete",
    summary: "Complete a session: XP bonus for the turns taken, and a summary",
    tag: "learn",
    auth: "user",
    params: sessionParamsSchema,
    responses: {
      200: {
        description: "Completed",
        schema: z.object({
          session: overview,
          summary: z.object({
            turns: z.number().int(),
            xp: z.number().int(),
            xp_bonus: z.number().int(),
            minutes: z.number().int(),
            errors: z.number().int(),
          }),
          achievements_unlocked: z.array(unlockedSchema).describe("Unlocked by completing this session"),
        }),
      },
      403: { description: "Another learner's session" },
      404: { description: "No such session" },
      409: { description: "Already completed" },
    },
  },
]);
