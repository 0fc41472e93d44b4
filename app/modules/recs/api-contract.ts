import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { jobStatusSchema } from "../admin/api-contract.ts";
import { eventsBodyDocSchema, recommendParamsSchema, recommendQuerySchema } from "./schemas.ts";

const queued = z.object({ jobId: z.string().nullable().describe("null when one is already queued") });

export const recsEndpoints = defineEndpoints([
  {
    method: "post",
    path: "/api/events",
    summary: "Record interaction events: one, or a batch of up to 1,000 (all stored or none)",
    description:
      "Durable before the response. Idempotent on client_event_id per user: a repeat is counted in `duplicates` " +
      "and not stored again. Each bad event is named by its index (`3.event_type`); unknown users or items answer " +
      "422, another user's events 403 (admins may send anyone's).",
    tag: "recs",
    auth: "user",
    body: eventsBodyDocSchema,
    responses: {
      200: {
        description: "Stored",
        schema: z.object({
          received: z.number().int(),
          stored: z.number().int(),
          duplicates: z.number().int(),
        }),
      },
      422: { description: "Unknown user or content ids, named by index" },
    },
  },
  {
    method: "get",
    path: "/api/recommend/{userId}",
    summary: "Recommended items for a user (self, or anyone for an admin), each with a score and a reason",
    description:
      "Excludes finished items and diversifies the list (MMR). A user with no history gets their cohort's popular " +
      "items. `model` says which recommender answered: `baseline` until a trained model is active.",
    tag: "recs",
    auth: "user",
    params: recommendParamsSchema,
    query: recommendQuerySchema,
    responses: {
      200: {
        description: "Recommendations",
        schema: z.object({
          user_id: z.uuid(),
          model: z.string(),
          items: z.array(
            z.object({
              content_id: z.uuid(),
              title: z.string(),
              type: z.string(),
              tags: z.array(z.string()),
              score: z.number(),
              reason: z.string(),
            }),
          ),
        }),
      },
      404: { description: "No such user" },
    },
  },
  {
    method: "post",
    path: "/api/admin/train",
    summary:
      "Queue recs.train: train, validate and (if better than the baseline and the active model) activate a recommender",
    tag: "admin",
    auth: "admin",
    responses: { 202: { description: "Queued", schema: queued } },
  },
  {
    method: "post",
    path: "/api/admin/reindex",
    summary: "Queue recs.reindex: re-embed the catalog with the active model and rebuild its vector index",
    tag: "admin",
    auth: "admin",
    responses: { 202: { description: "Queued", schema: queued } },
  },
  {
    method: "get",
    path: "/api/admin/recs/models",
    summary:
      "Recommender versions with validation metrics and decisions, indexes with recall@10, what is served, jobs",
    tag: "admin",
    auth: "admin",
    responses: {
      200: {
        description: "Report",
        schema: z.object({
          models: z.array(
            z.object({
              id: z.uuid(),
              version: z.number().int(),
              status: z.enum(["staged", "active", "rejected", "retired"]),
              decision: z.string(),
              metrics: z.record(z.string(), z.unknown()),
              params: z.record(z.string(), z.unknown()),
              cutoff_event_id: z.number().int(),
              bundle_bytes: z.number().int(),
              job_id: z.string().nullable(),
              trained_at: z.iso.datetime(),
              activated_at: z.iso.datetime().nullable(),
            }),
          ),
          indexes: z.array(
            z.object({
              id: z.uuid(),
              model_version: z.number().int(),
              kind: z.enum(["exact", "hnsw"]),
              dim: z.number().int(),
              items: z.number().int(),
              recall_at_10: z.number(),
              build_ms: z.number().int(),
              bytes: z.number().int(),
              built_at: z.iso.datetime(),
            }),
          ),
          serving: z.object({
            model: z.string(),
            index_id: z.uuid().nullable(),
            index_kind: z.string().nullable(),
            items: z.number().int().nullable(),
            loaded_at: z.iso.datetime().nullable(),
          }),
          ann_threshold: z.number().int(),
          jobs: z.object({ train: z.array(jobStatusSchema), reindex: z.array(jobStatusSchema) }),
        }),
      },
    },
  },
]);
