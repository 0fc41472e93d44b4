import { inArray, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { contentItems, recsEvents, users } from "../../../db/schema/index.ts";
import type { FieldError } from "../../lib/api.server.ts";
import type { PublicUser } from "../auth/users.server.ts";
import type { EventInput } from "./schemas.ts";

export class RecsError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail);
  }
}

export interface IngestResult {
  received: number;
  stored: number;
  duplicates: number;
}

/**
 * Stores a batch of interaction events in one transaction, all or nothing: each event must be the caller's
 * own (admins may send anyone's) and name a user and a content item that exist; every bad event is named by
 * its index. A repeated client_event_id (per user) is a duplicate, acknowledged but not stored twice. The
 * answer comes after the commit, so an acknowledged event survives a crash.
 */
export async function ingestEvents(
  caller: PublicUser,
  events: readonly EventInput[],
  batch: boolean,
): Promise<IngestResult> {
  const at = (i: number, field: string) => (batch ? `${i}.${field}` : field);
  const forbidden = events.flatMap((e, i) =>
    e.user_id !== caller.id && caller.role !== "admin"
      ? [{ path: at(i, "user_id"), message: "You can only send your own events" }]
      : [],
  );
  if (forbidden.length) throw new RecsError(403, "Events must be your own", forbidden);
  const contentIds = [...new Set(events.map((e) => e.content_id))];
  const userIds = [...new Set(events.map((e) => e.user_id))];
  const [knownContent, knownUsers] = await Promise.all([
    db().select({ id: contentItems.id }).from(contentItems).where(inArray(contentItems.id, contentIds)),
    db().select({ id: users.id }).from(users).where(inArray(users.id, userIds)),
  ]);
  const content = new Set(knownContent.map((r) => r.id));
  const people = new Set(knownUsers.map((r) => r.id));
  const unknown = events.flatMap((e, i) => [
    ...(content.has(e.content_id) ? [] : [{ path: at(i, "content_id"), message: "No such content item" }]),
    ...(people.has(e.user_id) ? [] : [{ path: at(i, "user_id"), message: "No such user" }]),
  ]);
  if (unknown.length)
    throw new RecsError(
      422,
      "Some events name users or items that do not exist; nothing was stored",
      unknown,
    );
  const rows = events.map((e) => ({
    userId: e.user_id,
    contentId: e.content_id,
    eventType: e.event_type,
    ts: new Date(e.ts),
    dwellMs: e.dwell_ms ?? null,
    value: e.value ?? null,
    clientEventId: e.client_event_id ?? null,
  }));
  const stored = await db().transaction(async (tx) => {
    let count = 0;
    // Chunks keep each statement under Postgres's parameter limit.
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx
        .insert(recsEvents)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing({
          target: [recsEvents.userId, recsEvents.clientEventId],
          where: sql`${recsEvents.clientEventId} is not null`,
        })
        .returning({ id: recsEvents.id });
      count += inserted.length;
    }
    return count;
  });
  return { received: events.length, stored, duplicates: events.length - stored };
}
