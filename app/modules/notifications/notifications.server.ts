import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Database } from "../../../db/client.ts";
import { notifications } from "../../../db/schema/index.ts";
import { adminIds } from "../auth/users.server.ts";
import type { NotificationKind } from "./kinds.ts";
import type { NotificationJson } from "./schemas.ts";

/**
 * The in-app notification centre, for every module: producers call `notify` (or `notifyAdmins`), users
 * list, filter and mark their notifications read. Each notification carries a dedupe key, unique across
 * the table, so a retried job or a repeated check writes it once; `notify` takes the caller's executor so
 * it can be written in the same transaction as what caused it.
 */
type Executor = Pick<Database, "insert">;

export interface NotificationInput {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link?: string | null;
  /** Unique across all notifications: name the cause and the user, e.g. `achievement:<userId>:<key>`. */
  dedupeKey: string;
}

/** Writes one notification unless its dedupe key is already taken; true when this call wrote it. */
export async function notify(executor: Executor, input: NotificationInput): Promise<boolean> {
  const [row] = await executor
    .insert(notifications)
    .values({
      userId: input.userId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      link: input.link ?? null,
      dedupeKey: input.dedupeKey,
    })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return Boolean(row);
}

/**
 * The same notification to every admin; each admin's copy is keyed `<dedupeKey>:<adminId>`. Returns how
 * many were written by this call (none when it is a repeat).
 */
export async function notifyAdmins(
  executor: Executor,
  input: Omit<NotificationInput, "userId">,
): Promise<number> {
  const admins = await adminIds();
  if (admins.length === 0) return 0;
  const rows = await executor
    .insert(notifications)
    .values(
      admins.map((userId) => ({
        userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        dedupeKey: `${input.dedupeKey}:${userId}`,
      })),
    )
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return rows.length;
}

export interface ListOptions {
  unreadOnly?: boolean;
  kind?: NotificationKind;
  limit?: number;
}

function mine(userId: string, options: Pick<ListOptions, "unreadOnly" | "kind"> = {}): SQL {
  return and(
    eq(notifications.userId, userId),
    options.unreadOnly ? isNull(notifications.readAt) : undefined,
    options.kind ? eq(notifications.kind, options.kind) : undefined,
  )!;
}

/** A user's notifications, unread first, newest first within each. */
export async function listNotifications(
  userId: string,
  options: ListOptions = {},
): Promise<NotificationJson[]> {
  const rows = await db()
    .select()
    .from(notifications)
    .where(mine(userId, options))
    .orderBy(sql`${notifications.readAt} is not null`, desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit ?? 50);
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind as NotificationKind,
    title: n.title,
    body: n.body,
    link: n.link,
    created_at: n.createdAt.toISOString(),
    read_at: n.readAt?.toISOString() ?? null,
  }));
}

/** Marks one of the user's notifications read (again is fine); false when it is not theirs or does not exist. */
export async function markRead(userId: string, id: string): Promise<boolean> {
  const [row] = await db()
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return Boolean(row);
}

/** Marks every unread notification of the user read (of one kind, if given); returns how many. */
export async function markAllRead(
  userId: string,
  options: { kind?: NotificationKind } = {},
): Promise<number> {
  const rows = await db()
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(mine(userId, { unreadOnly: true, kind: options.kind }))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function unreadCount(userId: string): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(mine(userId, { unreadOnly: true }));
  return row?.n ?? 0;
}
