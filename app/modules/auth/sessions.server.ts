import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { db, perDatabase } from "../../../db/client.ts";
import { rateLimitHits, sessions, users } from "../../../db/schema/index.ts";
import { isServiceUnavailable } from "../../lib/api.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { newSecret, sha256 } from "./tokens.server.ts";
import { toPublicUser, type PublicUser } from "./users.server.ts";

// Refresh last_seen_at (and slide the expiry) at most this often, so reads do not write on every request.
const TOUCH_INTERVAL_MS = 5 * 60_000;

export interface SessionMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/** Creates a session and returns the raw token for the cookie; only its hash is stored. */
export async function createSession(
  userId: string,
  ttlDays: number,
  meta: SessionMeta = {},
): Promise<string> {
  const token = newSecret();
  await db()
    .insert(sessions)
    .values({
      id: sha256(token),
      userId,
      expiresAt: new Date(Date.now() + ttlDays * 86_400_000),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
  return token;
}

// Every page view runs this query: prepared once per pool (see perDatabase).
const sessionLookup = perDatabase((database) =>
  database
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder("id")), gt(sessions.expiresAt, sql`now()`)))
    .limit(1)
    .prepare("session_lookup"),
);

export async function getSessionUser(
  token: string,
  ttlDays: number,
): Promise<{ user: PublicUser; sessionId: string } | null> {
  const id = sha256(token);
  const [row] = await sessionLookup().execute({ id });
  if (!row) return null;
  if (Date.now() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db()
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + ttlDays * 86_400_000) })
      .where(eq(sessions.id, id))
      // Best effort: a read must not fail because the sliding expiry cannot be written (read-only database).
      .catch((error: unknown) => {
        if (!isServiceUnavailable(error)) throw error;
        logger().warn({ err: error }, "could not slide the session's expiry");
      });
  }
  return { user: toPublicUser(row.user), sessionId: id };
}

export async function revokeSessionToken(token: string): Promise<void> {
  await db()
    .delete(sessions)
    .where(eq(sessions.id, sha256(token)));
}

export async function revokeSessionById(userId: string, sessionId: string): Promise<boolean> {
  const rows = await db()
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** "Log out everywhere": every session of the user, optionally sparing the current one. */
export async function revokeAllSessions(userId: string, exceptSessionId?: string): Promise<number> {
  const rows = await db()
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptSessionId}`)
        : eq(sessions.userId, userId),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export async function listSessions(userId: string) {
  return db()
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Deletes expired sessions and rate-limit windows older than a day. Idempotent. */
export async function purgeExpired(
  now = new Date(),
): Promise<{ sessions: number; rateLimitWindows: number }> {
  const expired = await db()
    .delete(sessions)
    .where(lt(sessions.expiresAt, now))
    .returning({ id: sessions.id });
  const windows = await db()
    .delete(rateLimitHits)
    .where(lt(rateLimitHits.windowStart, new Date(now.getTime() - 86_400_000))) // longest window is a day
    .returning({ key: rateLimitHits.key });
  return { sessions: expired.length, rateLimitWindows: windows.length };
}
