import { and, desc, eq } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { notifications } from "../../../db/schema/index.ts";
import { recentLibraryReaders, unseenPicks } from "../recs/new-picks.server.ts";
import { notify } from "./notifications.server.ts";

export const NEW_PICKS_QUEUE = "notifications.new-picks";
/** Readers with library activity this recent are told about new picks. */
export const ACTIVE_DAYS = 14;
/** How many of the top picks are looked at, and how many of them must be new to say so. */
export const PICKS = 10;
export const MIN_NEW_PICKS = 3;

export interface NewPicksResult {
  readers: number;
  notified: number;
}

/**
 * The notifications.new-picks job: every reader active in the library in the last ACTIVE_DAYS days whose top
 * PICKS recommendations hold at least MIN_NEW_PICKS items they have never had any event for is told "N new
 * picks for you", at most once per UTC day (the dedupe key names the day, so a retried run writes nothing
 * new). A reader whose previous new-picks notice is still unread is not told again: notices do not pile up.
 */
export async function notifyNewPicks(
  now = new Date(),
  onProgress: (fraction: number, message: string) => void = () => {},
): Promise<NewPicksResult> {
  const day = now.toISOString().slice(0, 10);
  const readers = await recentLibraryReaders(ACTIVE_DAYS);
  let notified = 0;
  for (const [i, userId] of readers.entries()) {
    if (i % 50 === 0) onProgress(i / Math.max(1, readers.length), `${i} of ${readers.length} readers`);
    const dedupeKey = `new-picks:${userId}:${day}`;
    if (await alreadyTold(userId, dedupeKey)) continue;
    const picks = await unseenPicks(userId, PICKS);
    if (!picks || picks.unseen.length < MIN_NEW_PICKS) continue;
    const n = picks.unseen.length;
    const [a, b] = picks.unseen.map((p) => `“${p.title}”`);
    const written = await notify(db(), {
      userId,
      kind: "new-recommendations",
      title: `${n} new picks for you`,
      body: `${a}, ${b} and ${n - 2} more you have not seen yet are in your library feed.`,
      link: "/library",
      dedupeKey,
    });
    if (written) notified++;
  }
  return { readers: readers.length, notified };
}

/** Told today already, or the last notice is still unread. */
async function alreadyTold(userId: string, dedupeKey: string): Promise<boolean> {
  const [last] = await db()
    .select({ dedupeKey: notifications.dedupeKey, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, "new-recommendations")))
    .orderBy(desc(notifications.createdAt))
    .limit(1);
  return Boolean(last && (last.dedupeKey === dedupeKey || last.readAt === null));
}
