import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { listQuerySchema, notificationIdSchema, notificationSchema, readAllQuerySchema } from "./schemas.ts";

const unreadCount = z.number().int().min(0).describe("My unread notifications after this request");

export const notificationEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/v1/notifications",
    summary: "My notifications (streak reminders, achievements, new picks, finished training for admins)",
    description: "Unread first, newest first within each; `unread_count` counts every unread one.",
    tag: "notifications",
    auth: "user",
    query: listQuerySchema,
    responses: {
      200: {
        description: "Notifications",
        schema: z.object({ notifications: z.array(notificationSchema), unread_count: unreadCount }),
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/notifications/{id}/read",
    summary: "Mark one of my notifications read",
    tag: "notifications",
    auth: "user",
    params: notificationIdSchema,
    responses: {
      200: {
        description: "Read",
        schema: z.object({ id: z.uuid(), read: z.literal(true), unread_count: unreadCount }),
      },
      404: { description: "Not one of my notifications" },
    },
  },
  {
    method: "post",
    path: "/api/v1/notifications/read-all",
    summary: "Mark all my notifications read (or all of one kind)",
    tag: "notifications",
    auth: "user",
    query: readAllQuerySchema,
    responses: {
      200: {
        description: "How many were marked read",
        schema: z.object({ marked_read: z.number().int().min(0), unread_count: unreadCount }),
      },
    },
  },
]);
