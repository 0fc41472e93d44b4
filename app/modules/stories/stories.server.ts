import { and, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { stories, type Story } from "../../../db/schema/index.ts";
import type { StoryStopReason } from "./providers/types.ts";
import type { UsedWord } from "./word-story.ts";

export interface StoryParams {
  temperature: number;
  topK: number;
  topP: number;
  maxTokens: number;
  seed: number;
  /** Word stories: the story's language and the learner's French words, with which ones it used. */
  language?: "en" | "fr";
  words?: UsedWord[];
}

export interface StoryStats {
  promptTokens: number | null;
  promptTokensDropped: number;
  newTokens: number | null;
  words: number;
  stopReason: StoryStopReason;
  firstTokenMs: number | null;
  durationMs: number;
  tokensPerSecond: number | null;
  attempts: { provider: string; error: string }[];
}

export type NewStory = Omit<Story, "createdAt" | "savedAt" | "sharedAt" | "params" | "stats"> & {
  params: StoryParams;
  stats: StoryStats;
  save: boolean;
};

/** One insert when the story is finished: acknowledged means committed. */
export async function insertStory({ save, ...story }: NewStory): Promise<Story> {
  const [row] = await db()
    .insert(stories)
    .values({ ...story, savedAt: save ? new Date() : null })
    .returning();
  return row!;
}

export function serializeStory(s: Story) {
  return {
    id: s.id,
    title: s.title,
    prompt: s.prompt,
    body: s.body,
    text: s.prompt + s.body,
    provider: s.provider,
    model: s.model,
    params: s.params as StoryParams,
    stats: s.stats as StoryStats,
    saved: s.savedAt !== null,
    savedAt: s.savedAt?.toISOString() ?? null,
    shared: s.sharedAt !== null,
    sharedAt: s.sharedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}
export type StoryView = ReturnType<typeof serializeStory>;

export async function listStories(userId: string, include: "saved" | "all", limit: number): Promise<Story[]> {
  return db()
    .select()
    .from(stories)
    .where(and(eq(stories.userId, userId), include === "saved" ? isNotNull(stories.savedAt) : undefined))
    .orderBy(desc(stories.createdAt))
    .limit(limit);
}

export async function getStory(userId: string, id: string): Promise<Story | null> {
  const [row] = await db()
    .select()
    .from(stories)
    .where(and(eq(stories.id, id), eq(stories.userId, userId)));
  return row ?? null;
}

/**
 * Keeps a story in its writer's library; `shared` true also shares it in the library for other readers,
 * false stops sharing it (it stays saved), absent leaves sharing as it is.
 */
export async function saveStory(
  userId: string,
  id: string,
  options: { shared?: boolean | undefined } = {},
): Promise<Story | null> {
  const [row] = await db()
    .update(stories)
    .set({
      savedAt: sql`coalesce(${stories.savedAt}, now())`,
      ...(options.shared === undefined
        ? {}
        : { sharedAt: options.shared ? sql`coalesce(${stories.sharedAt}, now())` : null }),
    })
    .where(and(eq(stories.id, id), eq(stories.userId, userId)))
    .returning();
  return row ?? null;
}

/** A story as other readers see it in the library: what it says, never who wrote it or how. */
export interface SharedStory {
  id: string;
  title: string;
  text: string;
  words: number;
  sharedAt: Date;
}

const sharedColumns = {
  id: stories.id,
  title: stories.title,
  prompt: stories.prompt,
  body: stories.body,
  stats: stories.stats,
  sharedAt: stories.sharedAt,
};
const toShared = (r: {
  id: string;
  title: string;
  prompt: string;
  body: string;
  stats: unknown;
  sharedAt: Date | null;
}): SharedStory => ({
  id: r.id,
  title: r.title,
  text: r.prompt + r.body,
  words: (r.stats as StoryStats).words,
  sharedAt: r.sharedAt!,
});

/** Every story its writer shares in the library (for the recs catalog). */
export async function sharedStories(): Promise<SharedStory[]> {
  const rows = await db()
    .select(sharedColumns)
    .from(stories)
    .where(isNotNull(stories.sharedAt))
    .orderBy(stories.sharedAt);
  return rows.map(toShared);
}

/** One shared story, or null when it is not shared (or does not exist). */
export async function sharedStory(id: string): Promise<SharedStory | null> {
  const [row] = await db()
    .select(sharedColumns)
    .from(stories)
    .where(and(eq(stories.id, id), isNotNull(stories.sharedAt)));
  return row ? toShared(row) : null;
}

export async function deleteStory(userId: string, id: string): Promise<boolean> {
  const rows = await db()
    .delete(stories)
    .where(and(eq(stories.id, id), eq(stories.userId, userId)))
    .returning({ id: stories.id });
  return rows.length > 0;
}

/** Unsaved drafts older than `days`: the nightly stories.purge-drafts job. */
export async function purgeDrafts(days = 7): Promise<number> {
  const rows = await db()
    .delete(stories)
    .where(and(isNull(stories.savedAt), lt(stories.createdAt, sql`now() - make_interval(days => ${days})`)))
    .returning({ id: stories.id });
  return rows.length;
}
