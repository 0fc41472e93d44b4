import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { eventsBodyDocSchema, recommendParamsSchema, recommendQuerySchema } from "./schemas.ts";

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
]);
