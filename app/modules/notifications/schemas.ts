import { z } from "zod";
import { NOTIFICATION_KINDS } from "./kinds.ts";

/** GET /api/v1/notifications: `?unread=true` for unread only, `?kind=` for one kind, `?limit=`. */
export const listQuerySchema = z.object({
  unread: z
    .enum(["true", "false"], { error: "Use true or false" })
    .optional()
    .transform((v) => v === "true")
    .describe("true: unread only"),
  kind: z.enum(NOTIFICATION_KINDS).optional().describe("Only this kind"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** POST /api/v1/notifications/read-all: `?kind=` marks only that kind read. */
export const readAllQuerySchema = listQuerySchema.pick({ kind: true });

export const notificationIdSchema = z.object({ id: z.uuid() });

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().describe("Where the notification leads in the app, e.g. /learn/achievements"),
  created_at: z.iso.datetime(),
  read_at: z.iso.datetime().nullable(),
});

export type NotificationJson = z.infer<typeof notificationSchema>;
