import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { eventsBodyDocSchema } from "./schemas.ts";

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
]);
