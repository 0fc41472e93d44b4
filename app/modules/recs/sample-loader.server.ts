import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { contentItems, recsEvents, recsProfiles } from "../../../db/schema/index.ts";
import { createSimulatedUsers } from "../auth/users.server.ts";
import { generateSample, type SampleItem, type SampleOptions } from "./sample-data.ts";

export interface SampleLoadResult {
  users: number;
  items: number;
  events: number;
  eventsStored: number;
}

/** A generated item as a content_items row, keyed by `externalKey` so a re-import updates it. */
export const contentItemValues = (item: SampleItem, externalKey: string) => ({
  externalKey,
  type: item.type,
  title: item.title,
  description: item.description,
  body: item.body,
  url: item.url,
  tags: item.tags,
  difficulty: item.difficulty,
  durationMin: item.durationMin,
  quiz: item.quiz,
  createdAt: item.createdAt,
});

/**
 * Loads the deterministic sample (users with cohorts, the catalog, events) into the database. Idempotent:
 * users are keyed by email, items by external_key, events by client_event_id, so running it twice with the
 * same options changes nothing.
 */
export async function loadSample(options: SampleOptions): Promise<SampleLoadResult> {
  const sample = generateSample(options);
  const people = await createSimulatedUsers(
    sample.users.map((u) => ({
      email: `sample-${options.seed}-user-${u.key + 1}@praxis.local`,
      displayName: `Sample ${u.cohort} ${u.key + 1}`,
    })),
  );
  const userId = (key: number) => people[key]!.id;
  for (let i = 0; i < sample.users.length; i += 1_000) {
    await db()
      .insert(recsProfiles)
      .values(sample.users.slice(i, i + 1_000).map((u) => ({ userId: userId(u.key), cohort: u.cohort })))
      .onConflictDoUpdate({
        target: recsProfiles.userId,
        set: { cohort: sql`excluded.cohort`, updatedAt: sql`now()` },
      });
  }
  const itemIds = new Map<number, string>();
  for (let i = 0; i < sample.items.length; i += 500) {
    const rows = await db()
      .insert(contentItems)
      .values(
        sample.items
          .slice(i, i + 500)
          .map((item) => contentItemValues(item, `sample-${options.seed}-item-${item.key + 1}`)),
      )
      .onConflictDoUpdate({
        target: contentItems.externalKey,
        set: {
          title: sql`excluded.title`,
          description: sql`excluded.description`,
          body: sql`excluded.body`,
          tags: sql`excluded.tags`,
        },
      })
      .returning({ id: contentItems.id, externalKey: contentItems.externalKey });
    for (const r of rows) itemIds.set(Number(r.externalKey!.split("-").at(-1)) - 1, r.id);
  }
  let stored = 0;
  for (let i = 0; i < sample.events.length; i += 1_000) {
    const inserted = await db()
      .insert(recsEvents)
      .values(
        sample.events.slice(i, i + 1_000).map((e) => ({
          userId: userId(e.userKey),
          contentId: itemIds.get(e.itemKey)!,
          eventType: e.type,
          ts: e.ts,
          dwellMs: e.dwellMs,
          value: e.value,
          clientEventId: e.clientEventId,
        })),
      )
      .onConflictDoNothing({
        target: [recsEvents.userId, recsEvents.clientEventId],
        where: sql`${recsEvents.clientEventId} is not null`,
      })
      .returning({ id: recsEvents.id });
    stored += inserted.length;
  }
  return { users: people.length, items: itemIds.size, events: sample.events.length, eventsStored: stored };
}

/**
 * Gives a (demo) reader a library history in one topic: a cohort, and over the last ten days finished and
 * liked items tagged `tag` plus a few clicks, so their feed is visibly theirs from the first visit.
 */
export async function recordSampleReading(userId: string, cohort: string, tag: string): Promise<number> {
  await db()
    .insert(recsProfiles)
    .values({ userId, cohort })
    .onConflictDoUpdate({ target: recsProfiles.userId, set: { cohort, updatedAt: sql`now()` } });
  const items = await db()
    .select({ id: contentItems.id })
    .from(contentItems)
    .where(sql`${tag} = any(${contentItems.tags})`)
    .orderBy(contentItems.createdAt)
    .limit(8);
  const day = 86_400_000;
  const events = items.flatMap((item, i) => {
    const ts = new Date(Date.now() - (10 - i) * day);
    const at = (minutes: number) => new Date(ts.getTime() + minutes * 60_000);
    const key = (type: string) => `demo-reading-${item.id}-${type}`;
    return i < 5
      ? [
          { userId, contentId: item.id, eventType: "click" as const, ts, clientEventId: key("click") },
          {
            userId,
            contentId: item.id,
            eventType: "complete" as const,
            ts: at(6),
            clientEventId: key("complete"),
          },
          { userId, contentId: item.id, eventType: "like" as const, ts: at(7), clientEventId: key("like") },
        ]
      : [{ userId, contentId: item.id, eventType: "click" as const, ts, clientEventId: key("click") }];
  });
  if (events.length === 0) return 0;
  const stored = await db()
    .insert(recsEvents)
    .values(events)
    .onConflictDoNothing({
      target: [recsEvents.userId, recsEvents.clientEventId],
      where: sql`${recsEvents.clientEventId} is not null`,
    })
    .returning({ id: recsEvents.id });
  return stored.length;
}
