import { logger } from "../app/lib/logger.server.ts";
import { sendPendingEmails } from "../app/lib/mail/outbox.server.ts";

/** Every minute: deliver pending outbox email (a no-op without SMTP_URL). */
export async function emailSendOutbox(): Promise<void> {
  const done = await sendPendingEmails();
  if (done.sent || done.failed) logger().info({ job: "email.send-outbox", ...done }, "outbox delivered");
}
