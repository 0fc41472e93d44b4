import { and, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { stories, type Story } from "../../../db/schema/index.ts";
import type { StoryStopReason } from "./providers/types.ts";

export interface StoryParams {
  temperature: number;
  topK: number;
  topP: number;
  maxTokens: number;
  seed: number;
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

export type NewStory = Omit<Story, "createdAt" | "savedAt" | "params" | "stats"> & {
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

export async function saveStory(userId: string, id: string): Promise<Story | null> {
  const [row] = await db()
    .update(stories)
    .set({ savedAt: sql`coalesce(${stories.savedAt}, now())` })
    .where(and(eq(stories.id, id), eq(stories.userId, userId)))
    .returning();
  return row ?? null;
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
