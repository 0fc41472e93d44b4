import { and, isNull, notLike } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { snippets } from "../../../db/schema/index.ts";
import { buildSnippetIndex, type SnippetIndex } from "../../../ml/typing/snippet-policy.ts";

/**
 * The corpus packed for ranking (ml/typing/snippet-policy.ts), built once per process and refreshed every
 * few minutes, or at once after a corpus load in this process.
 */
const INDEX_TTL_MS = 5 * 60_000;

/** `source` of snippets written for one lesson pack, kept out of the general ranking. */
export const PACK_SOURCE_PREFIX = "pack:";

const holder = globalThis as typeof globalThis & {
  __praxisSnippetIndex?: { index: SnippetIndex; loadedAt: number };
};

export function invalidateSnippetIndex(): void {
  holder.__praxisSnippetIndex = undefined;
}

let loading: Promise<SnippetIndex> | null = null;
export async function snippetIndex(): Promise<SnippetIndex> {
  const cached = holder.__praxisSnippetIndex;
  if (cached && Date.now() - cached.loadedAt < INDEX_TTL_MS) return cached.index;
  loading ??= (async () => {
    try {
      const rows = await db()
        .select({
          id: snippets.id,
          mode: snippets.mode,
          text: snippets.text,
          difficulty: snippets.difficulty,
        })
        .from(snippets)
        // A user's own texts (stories sent to typing) are served to them only, by ownSnippets; a lesson
        // pack's own texts (French sentences, source "pack:<key>") only in that pack (pack-snippets.server.ts).
        .where(and(isNull(snippets.ownerId), notLike(snippets.source, `${PACK_SOURCE_PREFIX}%`)));
      const index = buildSnippetIndex(rows);
      holder.__praxisSnippetIndex = { index, loadedAt: Date.now() };
      return index;
    } finally {
      loading = null;
    }
  })();
  return loading;
}
