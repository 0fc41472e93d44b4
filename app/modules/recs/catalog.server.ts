import { and, arrayContains, desc, eq, sql, type SQL } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { contentItems } from "../../../db/schema/index.ts";
import type { PublicUser } from "../auth/users.server.ts";
import { CONTENT_TYPE_LABELS, START_LABELS } from "./content-types.ts";
import { ingestEvents } from "./events.server.ts";
import type { QuizQuestion } from "./sample-topics.ts";
import type { CatalogQuery } from "./schemas.ts";

export type ContentItem = typeof contentItems.$inferSelect;

const searchVector = sql`to_tsvector('english', ${contentItems.title} || ' ' || ${contentItems.description})`;

/**
 * Browse and search the library: filter by type and tag, full-text search over title and description
 * (websearch syntax: quotes, OR, -word), ranked by relevance when searching and newest first otherwise.
 */
export async function listItems(query: CatalogQuery): Promise<{ items: ContentItem[]; total: number }> {
  const filters: SQL[] = [];
  if (query.type) filters.push(eq(contentItems.type, query.type));
  if (query.tag) filters.push(arrayContains(contentItems.tags, [query.tag]));
  const tsQuery = query.q ? sql`websearch_to_tsquery('english', ${query.q})` : null;
  if (tsQuery) filters.push(sql`${searchVector} @@ ${tsQuery}`);
  const where = filters.length ? and(...filters) : undefined;
  const [items, [counted]] = await Promise.all([
    db()
      .select()
      .from(contentItems)
      .where(where)
      .orderBy(
        ...(tsQuery ? [desc(sql`ts_rank(${searchVector}, ${tsQuery})`)] : []),
        desc(contentItems.createdAt),
      )
      .limit(query.limit)
      .offset(query.offset),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(contentItems)
      .where(where),
  ]);
  return { items, total: counted!.n };
}

export async function getItem(id: string): Promise<ContentItem | null> {
  const [row] = await db().select().from(contentItems).where(eq(contentItems.id, id));
  return row ?? null;
}

/** The most used tags, for the browse chips. */
export async function topTags(limit = 24): Promise<{ tag: string; items: number }[]> {
  const rows = await db().execute<{ tag: string; items: number }>(sql`
    select tag, count(*)::int as items from content_items, unnest(tags) as tag
    group by tag order by items desc, tag limit ${limit}`);
  return [...rows];
}

/**
 * An item as the API and pages show it; a quiz's answers stay on the server. `start` is where its practice
 * begins in its own module (a video's link, a typing pack, a conversation, a drill), with the words for it.
 */
export function itemJson(item: ContentItem) {
  const quiz = item.quiz as QuizQuestion[] | null;
  const startLabel = START_LABELS[item.type];
  return {
    id: item.id,
    type: item.type,
    type_label: CONTENT_TYPE_LABELS[item.type].one,
    start: startLabel && item.url ? { label: startLabel, url: item.url } : null,
    title: item.title,
    description: item.description,
    body: item.body,
    url: item.url,
    tags: item.tags,
    difficulty: item.difficulty,
    duration_min: item.durationMin,
    created_at: item.createdAt.toISOString(),
    quiz: quiz ? quiz.map((q) => ({ prompt: q.prompt, choices: q.choices })) : null,
  };
}

/** Marks a quiz attempt: which answers were right, and the right choice for each question. */
export function markQuiz(item: ContentItem, answers: readonly number[]) {
  const quiz = (item.quiz as QuizQuestion[] | null) ?? [];
  return quiz.map((q, i) => ({
    chosen: answers[i] ?? null,
    correct: answers[i] === q.answer,
    answer: q.answer,
  }));
}

export type ReaderAction = "done" | "like";

/**
 * Marks a quiz attempt and records it: one quiz_answer event per question (value 1 right, 0 wrong) and a
 * completion. Returns null unless every question was answered with a valid choice.
 */
export async function submitQuiz(reader: PublicUser, item: ContentItem, answers: readonly number[]) {
  const quiz = (item.quiz as QuizQuestion[] | null) ?? [];
  if (
    !quiz.length ||
    answers.length !== quiz.length ||
    answers.some((a, i) => !(a >= 0 && a < quiz[i]!.choices.length))
  )
    return null;
  const marks = markQuiz(item, answers);
  const ts = new Date().toISOString();
  const event = (event_type: "quiz_answer" | "complete", value?: number) => ({
    user_id: reader.id,
    content_id: item.id,
    event_type,
    ts,
    ...(value === undefined ? {} : { value }),
  });
  await ingestEvents(
    reader,
    [...marks.map((m) => event("quiz_answer", m.correct ? 1 : 0)), event("complete")],
    true,
  );
  return { marks, right: marks.filter((m) => m.correct).length };
}

/** Records a reader marking an item done (a completion) or liking it. */
export async function recordReaderAction(
  reader: PublicUser,
  item: ContentItem,
  action: ReaderAction,
): Promise<void> {
  const event_type = action === "done" ? ("complete" as const) : ("like" as const);
  await ingestEvents(
    reader,
    [{ user_id: reader.id, content_id: item.id, event_type, ts: new Date().toISOString() }],
    true,
  );
}
