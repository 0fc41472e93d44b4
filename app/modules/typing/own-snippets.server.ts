import { createHash } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { snippets } from "../../../db/schema/index.ts";
import { analyseSnippet, keysOf } from "../../../ml/typing/snippet-features.ts";
import { bigramModel, normaliseText, rejectReason } from "./corpus.server.ts";
import type { NextSnippet, NextSnippets } from "./next-snippets.server.ts";

/**
 * A user's own practice texts (a story from the stories module, split into passages): stored as snippets
 * owned by that user, so telemetry, key statistics and the ranker's training treat them like any other,
 * but kept out of everyone else's picks. `source` groups one set (e.g. "story:<id>"); order is kept.
 */
export interface OwnSnippetOptions {
  /** Accented letters are typeable (a French drill); otherwise a text with many is rejected. */
  allowAccents?: boolean;
  /**
   * One snippet per distinct text in the set, wherever it comes in the list: for sets rebuilt often from
   * changing material (the learner's French words), so a text seen again reuses its row and its history.
   */
  keyedByText?: boolean;
}

export async function addOwnSnippets(
  userId: string,
  source: string,
  texts: readonly string[],
  options: OwnSnippetOptions = {},
): Promise<{ id: string; text: string; difficulty: number }[]> {
  const model = bigramModel();
  const base = Date.now();
  const rows = texts
    .map(normaliseText)
    .filter((text) => rejectReason(text, { allowAccents: options.allowAccents }) === null)
    .map((text, i) => {
      const features = analyseSnippet(text, model);
      const key = options.keyedByText
        ? `own\n${userId}\n${source}\n${text}`
        : `own\n${userId}\n${source}\n${i}\n${text}`;
      return {
        mode: "sentences" as const,
        text,
        contentHash: createHash("sha256").update(key).digest("hex"),
        source,
        length: features.length,
        difficulty: features.difficulty,
        features,
        keys: keysOf(text),
        ownerId: userId,
        // Passages keep the story's order: created_at is the sort key.
        createdAt: new Date(base + i),
      };
    });
  if (!rows.length) return [];
  await db().insert(snippets).values(rows).onConflictDoNothing({ target: snippets.contentHash });
  const stored = await db()
    .select({
      id: snippets.id,
      text: snippets.text,
      difficulty: snippets.difficulty,
      hash: snippets.contentHash,
    })
    .from(snippets)
    .where(
      inArray(
        snippets.contentHash,
        rows.map((r) => r.contentHash),
      ),
    );
  const byHash = new Map(stored.map((s) => [s.hash, s]));
  return rows
    .map((r) => byHash.get(r.contentHash)!)
    .map(({ id, text, difficulty }) => ({ id, text, difficulty }));
}

/** One set of a user's own snippets, in order, shaped like the ranker's picks. */
export async function ownSnippets(userId: string, source: string): Promise<NextSnippet[]> {
  const rows = await db()
    .select({ id: snippets.id, text: snippets.text, mode: snippets.mode, difficulty: snippets.difficulty })
    .from(snippets)
    .where(and(eq(snippets.ownerId, userId), eq(snippets.source, source)))
    .orderBy(asc(snippets.createdAt));
  return rows.map((r, i) => ({
    ...r,
    reason: `Passage ${i + 1} of ${rows.length} of your story`,
    drills: [],
  }));
}

/** The snippet set a story becomes ("type this story"). */
export const storySnippetSource = (storyId: string) => `story:${storyId}`;

/** A story's passages for the typing page: in order, not ranked. */
export async function storySnippets(userId: string, storyId: string): Promise<NextSnippets> {
  const snippets = await ownSnippets(userId, storySnippetSource(storyId));
  return { policy: "own", modelId: null, focus: [], targetDifficulty: 0, snippets };
}
