import { eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { contentItems, recsEvents } from "../../../db/schema/index.ts";
import { logger } from "../../lib/logger.server.ts";

/**
 * Practice done in another module (a tutor scenario finished, a typing pack practised, a drill logged, a story
 * read) recorded as an interaction with that module's catalog item, so the recommender learns across modules
 * from the same events as the library. `externalKey` is the item's content_items.external_key (for example
 * "scenario:cafe"). `dayKey` makes it once per item, user and day: a retry or a second snippet does not count
 * twice. Best effort: practice is never refused because the catalog lacks the item.
 */
export async function recordCatalogActivity(
  userId: string,
  externalKey: string,
  eventType: "click" | "complete",
  at = new Date(),
): Promise<boolean> {
  try {
    const [item] = await db()
      .select({ id: contentItems.id })
      .from(contentItems)
      .where(eq(contentItems.externalKey, externalKey))
      .limit(1);
    if (!item) return false;
    const day = at.toISOString().slice(0, 10);
    const inserted = await db()
      .insert(recsEvents)
      .values({
        userId,
        contentId: item.id,
        eventType,
        ts: at,
        clientEventId: `module:${eventType}:${externalKey}:${day}`,
      })
      .onConflictDoNothing({
        target: [recsEvents.userId, recsEvents.clientEventId],
        where: sql`${recsEvents.clientEventId} is not null`,
      })
      .returning({ id: recsEvents.id });
    return inserted.length > 0;
  } catch (error) {
    logger().warn({ err: error, userId, externalKey }, "could not record catalog activity");
    return false;
  }
}
