import { and, asc, eq, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { db, type Database } from "../../../db/client.ts";
import { emailOutbox } from "../../../db/schema/index.ts";
import { env } from "../env.server.ts";
import { logger } from "../logger.server.ts";

/**
 * The email outbox (ADR 015): callers write a row in the transaction that decides to send, the
 * email.send-outbox job delivers pending rows over SMTP and marks them sent. Delivery is at least once: a
 * crash between the SMTP server's acceptance and the commit resends, with the same Message-ID so mail
 * clients and servers can tell it is the same message.
 */
export const MAX_ATTEMPTS = 5;
type Executor = Pick<Database, "insert">;

export function mailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

export async function queueEmail(
  executor: Executor,
  email: { userId: string | null; to: string; subject: string; body: string; dedupeKey: string },
): Promise<void> {
  await executor
    .insert(emailOutbox)
    .values({
      userId: email.userId,
      toAddress: email.to,
      subject: email.subject,
      body: email.body,
      dedupeKey: email.dedupeKey,
    })
    .onConflictDoNothing();
}

const transports = new Map<string, Transporter>();
function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

/** Sends up to `limit` pending emails; returns how many were sent and how many failed this time. */
export async function sendPendingEmails(limit = 20): Promise<{ sent: number; failed: number }> {
  const config = env();
  if (!config.SMTP_URL) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  await db().transaction(async (tx) => {
    // Rows another worker holds are skipped, not waited for.
    const rows = await tx
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.status, "pending"))
      .orderBy(asc(emailOutbox.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    for (const row of rows) {
      try {
        await transport(config.SMTP_URL!).sendMail({
          from: config.MAIL_FROM,
          to: row.toAddress,
          subject: row.subject,
          text: row.body,
          messageId: `<${row.id}@praxis.outbox>`,
        });
        await tx
          .update(emailOutbox)
          .set({ status: "sent", sentAt: sql`now()`, attempts: row.attempts + 1 })
          .where(eq(emailOutbox.id, row.id));
        sent++;
      } catch (error) {
        failed++;
        const attempts = row.attempts + 1;
        logger().warn({ err: error, emailId: row.id, attempts }, "email send failed");
        await tx
          .update(emailOutbox)
          .set({
            attempts,
            lastError: String(error).slice(0, 500),
            status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          })
          .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "pending")));
      }
    }
  });
  return { sent, failed };
}
