import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "../../../db/client.ts";
import { contentItems, recsModels } from "../../../db/schema/index.ts";
import { logger } from "../../lib/logger.server.ts";
import { CLIMB_DRILLS, drillHowTo } from "../climb/drills.ts";
import { SCENARIOS } from "../learn/tutor/scenarios.ts";
import { sharedStories, sharedStory, type SharedStory } from "../stories/stories.server.ts";
import { typingCatalogEntries } from "../typing/lessons.server.ts";
import type { ModuleContentType } from "./content-types.ts";
import { requestReindex } from "./model-training.server.ts";
import { invalidateRecsSnapshot } from "./recommend.server.ts";
import type { ModuleCatalogEntry } from "./module-catalog-entry.ts";

/**
 * Other modules' practice in the library's catalog: typing lesson packs, French conversation scenarios,
 * climbing drills and the stories their writers share. Each module exposes its entries; this keeps
 * content_items in step with them by external key (`typing-pack:home-row`, `scenario:cafe`,
 * `climb-drill:silent-feet`, `story:<id>`): new entries are added, changed ones updated, and items whose entry
 * is gone (a story no longer shared, or deleted) removed with their events. Idempotent: a second run changes
 * nothing. Runs at start-up after the seeds, and for one story whenever it is shared, unshared or deleted.
 */

interface CatalogSource {
  type: ModuleContentType;
  prefix: string;
  entries(): Promise<readonly ModuleCatalogEntry[]> | readonly ModuleCatalogEntry[];
}

/** French conversation scenarios: the tutor's role-plays, started with the scene chosen. */
export function scenarioCatalogEntries(): ModuleCatalogEntry[] {
  return SCENARIOS.map((s) => ({
    externalKey: `scenario:${s.key}`,
    title: s.title,
    description: `French role-play with the tutor: ${s.goal}`,
    body: [
      `Role: The tutor plays ${s.role}.`,
      `Goal: ${s.goal}`,
      `Opening line: ${s.opening}`,
      `Words you will need: ${s.words.join(", ")}`,
    ].join("\n"),
    tags: ["french", "conversation", s.topic],
    difficulty: s.difficulty,
    durationMin: 10,
    url: `/learn/tutor?scenario=${encodeURIComponent(s.key)}`,
  }));
}

/** Climbing drills, planned from the climbing coach. */
export function drillCatalogEntries(): ModuleCatalogEntry[] {
  return CLIMB_DRILLS.map((d) => ({
    externalKey: `climb-drill:${d.key}`,
    title: d.title,
    description: d.description,
    body: drillHowTo(d),
    tags: ["climbing", d.sessionType.replace(/_/g, "-")],
    difficulty: d.difficulty,
    durationMin: d.minutes,
    url: "/climb",
  }));
}

const STOPWORDS = new Set(
  "the and for with from into onto over under about after before his her its their our your you she him they them this that there then than was were are has had have not but who what when where why how one two little".split(
    " ",
  ),
);

/** Topic tags from a story's title: its distinctive words, lower case, at most four. */
export function titleTags(title: string): string[] {
  const words = title
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w));
  return [...new Set(words)].slice(0, 4);
}

/** The opening of a text, cut at a word near `max` characters. */
function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** A shared story: read in the library (its page shows the text). */
export function storyCatalogEntry(s: SharedStory): ModuleCatalogEntry {
  return {
    externalKey: `story:${s.id}`,
    title: s.title,
    description: excerpt(s.text),
    body: s.text,
    tags: ["stories", ...titleTags(s.title).filter((t) => t !== "stories")],
    difficulty: s.words < 150 ? 1 : s.words < 300 ? 2 : 3,
    durationMin: Math.max(1, Math.round(s.words / 200)),
    url: null,
  };
}

export const MODULE_CATALOG_SOURCES: readonly CatalogSource[] = [
  { type: "typing_pack", prefix: "typing-pack:", entries: typingCatalogEntries },
  { type: "scenario", prefix: "scenario:", entries: scenarioCatalogEntries },
  { type: "climb_drill", prefix: "climb-drill:", entries: drillCatalogEntries },
  { type: "story", prefix: "story:", entries: async () => (await sharedStories()).map(storyCatalogEntry) },
];

/** What a content_items row may hold (smallint columns, the difficulty check): a bad entry is skipped. */
const entrySchema = z.object({
  externalKey: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(2_000),
  body: z.string().max(100_000),
  tags: z.array(z.string().trim().min(1).max(60)).max(20),
  difficulty: z.number().int().min(1).max(5),
  durationMin: z.number().int().min(1).max(600),
  url: z.string().max(500).nullable(),
});

export interface SyncCounts {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  skipped: number;
}
export type SyncResult = Record<ModuleContentType, SyncCounts | { error: string }>;

const zero = (): SyncCounts => ({ added: 0, updated: 0, removed: 0, unchanged: 0, skipped: 0 });

/** Upserts one source's entries; an item unchanged is not rewritten (and not counted as updated). */
async function upsert(type: ModuleContentType, entries: readonly ModuleCatalogEntry[], counts: SyncCounts) {
  if (entries.length === 0) return;
  const rows = await db()
    .insert(contentItems)
    .values(
      entries.map((e) => ({
        externalKey: e.externalKey,
        type,
        title: e.title,
        description: e.description,
        body: e.body,
        url: e.url,
        tags: e.tags,
        difficulty: e.difficulty,
        durationMin: e.durationMin,
      })),
    )
    .onConflictDoUpdate({
      target: contentItems.externalKey,
      set: {
        type: sql`excluded.type`,
        title: sql`excluded.title`,
        description: sql`excluded.description`,
        body: sql`excluded.body`,
        url: sql`coalesce(excluded.url, ${contentItems.url})`,
        tags: sql`excluded.tags`,
        difficulty: sql`excluded.difficulty`,
        durationMin: sql`excluded.duration_min`,
      },
      setWhere: sql`(${contentItems.type}, ${contentItems.title}, ${contentItems.description}, ${contentItems.body},
        ${contentItems.url}, ${contentItems.tags}, ${contentItems.difficulty}, ${contentItems.durationMin})
        is distinct from (excluded.type, excluded.title, excluded.description, excluded.body,
        coalesce(excluded.url, ${contentItems.url}), excluded.tags, excluded.difficulty, excluded.duration_min)`,
    })
    .returning({ id: contentItems.id, inserted: sql<boolean>`xmax = 0` });
  const added = rows.filter((r) => r.inserted).length;
  counts.added += added;
  counts.updated += rows.length - added;
  counts.unchanged += entries.length - rows.length;
  // An item read in the library itself links to its own page.
  const pageless = entries.filter((e) => e.url === null).map((e) => e.externalKey);
  if (pageless.length)
    await db()
      .update(contentItems)
      .set({ url: sql`'/library/' || ${contentItems.id}` })
      .where(and(inArray(contentItems.externalKey, pageless), sql`${contentItems.url} is null`));
}

function validEntries(source: CatalogSource, entries: readonly ModuleCatalogEntry[], counts: SyncCounts) {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const parsed = entrySchema.safeParse(e);
    const ok = parsed.success && e.externalKey.startsWith(source.prefix) && !seen.has(e.externalKey);
    if (!ok) {
      counts.skipped += 1;
      logger().warn(
        { type: source.type, externalKey: e?.externalKey, issues: parsed.error?.issues },
        "module catalog entry skipped",
      );
    } else seen.add(e.externalKey);
    return ok;
  });
}

async function syncSource(source: CatalogSource): Promise<SyncCounts> {
  const counts = zero();
  const entries = validEntries(source, await source.entries(), counts);
  for (let i = 0; i < entries.length; i += 500) await upsert(source.type, entries.slice(i, i + 500), counts);
  const keys = entries.map((e) => e.externalKey);
  const removed = await db()
    .delete(contentItems)
    .where(
      and(
        sql`starts_with(${contentItems.externalKey}, ${source.prefix})`,
        keys.length ? notInArray(contentItems.externalKey, keys) : undefined,
      ),
    )
    .returning({ id: contentItems.id });
  counts.removed = removed.length;
  return counts;
}

/**
 * Brings every module's entries into the catalog. A source that fails is logged and left as it was (its items
 * are not removed); the others still sync. New items are embedded by the active model once recs.reindex runs,
 * which this queues when the job queue is up.
 */
export async function syncModuleCatalog(): Promise<SyncResult> {
  const result = {} as SyncResult;
  let added = 0;
  let changed = false;
  for (const source of MODULE_CATALOG_SOURCES) {
    try {
      const counts = await syncSource(source);
      result[source.type] = counts;
      added += counts.added;
      changed ||= counts.added + counts.updated + counts.removed > 0;
    } catch (error) {
      logger().error({ err: error, type: source.type }, "module catalog source failed to sync");
      result[source.type] = { error: (error as Error).message };
    }
  }
  if (changed) invalidateRecsSnapshot();
  if (added > 0) await reindexForNewItems();
  return result;
}

/**
 * One story after its writer shared, unshared or deleted it: listed while it is shared, removed otherwise.
 * Returns what the catalog holds for it now.
 */
export async function syncStoryCatalogItem(storyId: string): Promise<"listed" | "absent"> {
  const story = await sharedStory(storyId);
  const externalKey = `story:${storyId}`;
  if (!story) {
    const removed = await db()
      .delete(contentItems)
      .where(eq(contentItems.externalKey, externalKey))
      .returning({ id: contentItems.id });
    if (removed.length) invalidateRecsSnapshot();
    return "absent";
  }
  const counts = zero();
  await upsert("story", [storyCatalogEntry(story)], counts);
  // An unshare or delete that committed while this wrote wins: look again and take the item back out.
  if (!(await sharedStory(storyId))) {
    await db().delete(contentItems).where(eq(contentItems.externalKey, externalKey));
    invalidateRecsSnapshot();
    return "absent";
  }
  if (counts.added + counts.updated > 0) invalidateRecsSnapshot();
  if (counts.added > 0) await reindexForNewItems();
  return "listed";
}

/** Queues recs.reindex when a trained model is active (new items are otherwise invisible to it). */
async function reindexForNewItems(): Promise<void> {
  try {
    const [active] = await db()
      .select({ id: recsModels.id })
      .from(recsModels)
      .where(eq(recsModels.status, "active"));
    if (active) await requestReindex("catalog-sync");
  } catch (error) {
    // The queue is not running in this process (a script, or before boot finished): the nightly run catches up.
    logger().info({ err: (error as Error).message }, "recs.reindex not queued after a catalog sync");
  }
}
