import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import {
  nextQuerySchema,
  nextResponseSchema,
  sessionSchema,
  startSessionSchema,
  telemetryResponseSchema,
  telemetrySchema,
} from "./schemas.ts";

const ndcg = z.object({
  model: z.number().nullable(),
  random: z.number(),
  difficultyMatch: z.number(),
  weakestKeyHeuristic: z.number(),
});

export const typingEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/admin/typing/models",
    summary: "Snippet ranker versions with hold-out NDCG@3 beside the baselines",
    tag: "admin",
    auth: "admin",
    responses: {
      200: {
        description: "Newest first",
        schema: z.object({
          versions: z.array(
            z.object({
              id: z.uuid(),
              createdAt: z.iso.datetime(),
              status: z.enum(["active", "retired", "rejected"]),
              reason: z.string(),
              metrics: z.object({
                k: z.number(),
                queries: z.number(),
                ndcg,
                activeModelNdcg: z.number().nullable(),
              }),
              dataWindow: z.record(z.string(), z.unknown()),
              trees: z.number().int(),
            }),
          ),
        }),
      },
    },
  },
  {
    method: "post",
    path: "/api/admin/typing/train",
    summary: "Queue a typing.train run now",
    tag: "admin",
    auth: "admin",
    responses: { 202: { description: "Queued", schema: z.object({ jobId: z.string().nullable() }) } },
  },
  {
    method: "get",
    path: "/api/snippets/next",
    summary: "The next snippets to type, ranked for me, each with why",
    description:
      "Ranks the corpus for the caller: texts dense in the keys they are slowest or least accurate on, near their " +
      "level, never one typed recently, with about 10% exploration. With no typing data yet, a difficulty match. " +
      "With `pack`, one lesson pack's snippets instead: the texts densest in the pack's keys, reordered for " +
      "the caller's weak keys (an unknown pack is a 400 naming `pack`).",
    tag: "typing",
    auth: "user",
    query: nextQuerySchema,
    responses: { 200: { description: "Ranked snippets", schema: nextResponseSchema } },
  },
  {
    method: "post",
    path: "/api/telemetry/snippet",
    summary: "Record one completed snippet",
    description:
      "The raw payload is stored durably before the response, then typing.enrich is enqueued (best effort: a " +
      "sweeper re-enqueues anything left behind). `user_state.user_id` must be the caller (admins may post for " +
      "anyone). The same `client_event_id` twice returns the first `raw_id` and stores one row.",
    tag: "typing",
    auth: "user",
    body: telemetrySchema,
    responses: {
      201: {
        description: "Stored (and enqueued unless `enqueued` is false)",
        schema: telemetryResponseSchema,
      },
      200: {
        description: "A repeat of an earlier client_event_id: nothing new stored",
        schema: telemetryResponseSchema,
      },
      403: { description: "user_state.user_id is another user" },
      422: { description: "Unknown snippet, or a session that is not the user's" },
    },
  },
  {
    method: "post",
    path: "/api/typing/sessions",
    summary: "Start a practice session",
    tag: "typing",
    auth: "user",
    body: startSessionSchema,
    responses: { 201: { description: "The new session", schema: z.object({ session: sessionSchema }) } },
  },
  {
    method: "get",
    path: "/api/typing/sessions",
    summary: "My recent practice sessions with their summaries",
    tag: "typing",
    auth: "user",
    responses: {
      200: { description: "Newest first", schema: z.object({ sessions: z.array(sessionSchema) }) },
    },
  },
]);
