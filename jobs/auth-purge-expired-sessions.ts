import { purgeExpired } from "../app/modules/auth/sessions.server.ts";
import { logger } from "../app/lib/logger.server.ts";

/** Hourly: idempotent, so a retry or a second run in the same hour is harmless. */
export async function purgeExpiredSessions(): Promise<void> {
  const removed = await purgeExpired();
  logger().info({ job: "auth.purge-expired-sessions", ...removed }, "purged expired sessions");
}
