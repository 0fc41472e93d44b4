import { and, inArray, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { recsEvents } from "../../../db/schema/index.ts";
import { getUserById } from "../auth/users.server.ts";
import { recommendationsFor } from "./recommend.server.ts";

/**
 * Who has been in the library lately: anyone with an event in the last `days` days (a visit logs
 * impressions), leaving out the practice other modules record on their catalog items ("module:…" ids).
 */
export async function recentLibraryReaders(days: number): Promise<string[]> {
  const rows = await db()
    .selectDistinct({ userId: recsEvents.userId })
    .from(recsEvents)
    .where(
      and(
        sql`${recsEvents.ts} >= now() - make_interval(days => ${days})`,
        sql`coalesce(${recsEvents.clientEventId}, '') not like 'module:%'`,
      ),
    );
  return rows.map((r) => r.userId);
}

/**
 * A reader's top `k` picks (the same feed as GET /api/recommend/:userId) and the ones among them they have
 * never had any event for: not shown, opened or finished. Null for an unknown user.
 */
export async function unseenPicks(userId: string, k: number) {
  const user = await getUserById(userId);
  if (!user) return null;
  const feed = await recommendationsFor(user, userId, k);
  const ids = feed.items.map((i) => i.content_id);
  const seen = ids.length
    ? await db()
        .selectDistinct({ contentId: recsEvents.contentId })
        .from(recsEvents)
        .where(and(eq(recsEvents.userId, userId), inArray(recsEvents.contentId, ids)))
    : [];
  const seenIds = new Set(seen.map((s) => s.contentId));
  return {
    model: feed.model,
    picks: feed.items,
    unseen: feed.items.filter((i) => !seenIds.has(i.content_id)),
  };
}
