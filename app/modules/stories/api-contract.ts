import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { rateLimitProblemSchema } from "../../lib/rate-limit.server.ts";
import { listQuerySchema, saveBodySchema, STORY_PROVIDER_NAMES, storyRequestSchema } from "./schemas.ts";

export const storyIdParams = z.object({ id: z.uuid() });
export const storySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  prompt: z.string().describe("What the user wrote"),
  body: z.string().describe("What the writer added"),
  text: z.string().describe("prompt + body"),
  provider: z.enum(STORY_PROVIDER_NAMES).describe("The writer that wrote it (after any fallback)"),
  model: z.string(),
  params: z.object({
    temperature: z.number(),
    topK: z.number().int(),
    topP: z.number(),
    maxTokens: z.number().int(),
    seed: z.number().int().describe("Send it back with the same prompt and options for the same story"),
  }),
  stats: z.object({
    promptTokens: z.number().int().nullable().describe("null for hosted writers (their tokens are not ours)"),
    promptTokensDropped: z.number().int().describe("Opening tokens cut from the front to fit the context"),
    newTokens: z.number().int().nullable(),
    words: z.number().int(),
    stopReason: z.enum(["eos", "max_tokens", "context", "stopped"]),
    firstTokenMs: z.number().int().nullable(),
    durationMs: z.number().int(),
    tokensPerSecond: z.number().nullable(),
    attempts: z
      .array(z.object({ provider: z.string(), error: z.string() }))
      .describe("Writers that failed first"),
  }),
  saved: z.boolean(),
  savedAt: z.iso.datetime().nullable(),
  shared: z.boolean().describe("Shared in the library, where other readers can read it"),
  sharedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export const storiesEndpoints = defineEndpoints([
  {
    method: "post",
    path: "/api/stories",
    summary: "Write a story from its opening, streamed token by token",
    description:
      "Server-Sent Events: `start` {id, providers, seed}, then `token` {text} as the story is written, " +
      "`restart` {failed, next} if a writer fails after streaming (drop what was shown; the next writer " +
      "starts over), and finally `done` {story} or `error` (problem details; 503 when every writer failed). " +
      "With `stream: false` the answer is 201 with the finished story as JSON. The story is stored when it " +
      "is finished or stopped (POST /api/stories/{id}/stop); a client that disconnects stops the work and " +
      "nothing is stored. 429 with Retry-After, and nothing stored, in two cases told apart by `type`: the " +
      "user's own limit is spent (STORY_RATE_LIMIT_PER_HOUR, 20, and STORY_RATE_LIMIT_PER_DAY, 100, stories " +
      "started; type .../rate-limit), or too many stories are being written on this server (type .../429).",
    tag: "stories",
    auth: "user",
    body: storyRequestSchema,
    responses: {
      200: { description: "text/event-stream", contentType: "text/event-stream", schema: z.string() },
      201: { description: "The finished story (stream: false)", schema: z.object({ story: storySchema }) },
      429: {
        description:
          "The user's story limit is spent, or too many stories are being written; retry after Retry-After seconds",
        schema: rateLimitProblemSchema.extend({
          type: z
            .enum([rateLimitProblemSchema.shape.type.value, "https://praxis.dev/problems/429"])
            .describe(
              ".../rate-limit: your hourly or daily limit; .../429: the server's story queue is full",
            ),
          title: z.string(),
        }),
        contentType: "application/problem+json",
      },
      503: { description: "No writer could finish the story (each attempt is named in detail)" },
    },
  },
  {
    method: "get",
    path: "/api/stories",
    summary: "My stories, newest first (saved ones, or all with include=all)",
    tag: "stories",
    auth: "user",
    query: listQuerySchema,
    responses: { 200: { description: "Stories", schema: z.object({ stories: z.array(storySchema) }) } },
  },
  {
    method: "get",
    path: "/api/stories/{id}",
    summary: "One of my stories",
    tag: "stories",
    auth: "user",
    params: storyIdParams,
    responses: { 200: { description: "The story", schema: z.object({ story: storySchema }) } },
  },
  {
    method: "delete",
    path: "/api/stories/{id}",
    summary: "Delete one of my stories",
    tag: "stories",
    auth: "user",
    params: storyIdParams,
    responses: { 204: { description: "Deleted" } },
  },
  {
    method: "post",
    path: "/api/stories/{id}/save",
    summary: "Keep a story in my library (unsaved drafts are deleted after a week), and share it or not",
    description:
      "The body is optional. `shared: true` also lists the story in the library, where other readers can read " +
      "its text (the story API stays yours alone); `shared: false` takes it out of the library again.",
    tag: "stories",
    auth: "user",
    params: storyIdParams,
    body: saveBodySchema,
    bodyOptional: true,
    responses: { 200: { description: "The saved story", schema: z.object({ story: storySchema }) } },
  },
  {
    method: "post",
    path: "/api/stories/{id}/stop",
    summary: "Stop a story that is being written; it ends with what was written so far (stopReason: stopped)",
    tag: "stories",
    auth: "user",
    params: storyIdParams,
    responses: { 202: { description: "Stopping", schema: z.object({ stopping: z.literal(true) }) } },
  },
  {
    method: "post",
    path: "/api/stories/{id}/typing",
    summary: "Turn a story into typing snippets for me (only I see them) and say where to practise them",
    tag: "stories",
    auth: "user",
    params: storyIdParams,
    responses: {
      200: {
        description: "The snippets and the typing page that serves them",
        schema: z.object({
          url: z.string(),
          snippets: z.array(z.object({ id: z.uuid(), text: z.string() })),
        }),
      },
    },
  },
]);
