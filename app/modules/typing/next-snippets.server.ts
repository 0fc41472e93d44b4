import { desc, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { snippets, snippetUsage, typingKeyStats, type TypingMode } from "../../../db/schema/index.ts";
import { createRandom } from "../../../ml/random.ts";
import {
  buildKeyProfile,
  buildSnippetIndex,
  rankByDifficulty,
  rankByWeakKeys,
  type KeyProfile,
  type SnippetIndex,
} from "../../../ml/typing/snippet-policy.ts";

/**
 * GET /api/snippets/next: ranks the corpus for one user. The snippet index is built once per process and
 * refreshed every few minutes (or at once after a corpus load in this process); the user's key profile is
 * read per request (one indexed query), so a finished snippet changes the next pick straight away.
 */
const INDEX_TTL_MS = 5 * 60_000;
const RECENT_LIMIT = 200;

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
        .from(snippets);
      const index = buildSnippetIndex(rows);
      holder.__praxisSnippetIndex = { index, loadedAt: Date.now() };
      return index;
    } finally {
      loading = null;
    }
  })();
  return loading;
}

export interface UserTypingState {
  profile: KeyProfile;
  recent: Set<string>;
  targetDifficulty: number;
}

function medianDifficulty(index: SnippetIndex, mode: TypingMode): number {
  const values = index.snippets
    .filter((s) => s.mode === mode)
    .map((s) => s.difficulty)
    .sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 5;
}

export async function userTypingState(
  userId: string,
  mode: TypingMode,
  index: SnippetIndex,
): Promise<UserTypingState> {
  const [stats, recentRows] = await Promise.all([
    db()
      .select({
        gram: typingKeyStats.gram,
        hits: typingKeyStats.hits,
        misses: typingKeyStats.misses,
        emaMs: typingKeyStats.emaMs,
        emaErrorRate: typingKeyStats.emaErrorRate,
      })
      .from(typingKeyStats)
      .where(sql`${typingKeyStats.userId} = ${userId} and length(${typingKeyStats.gram}) = 1`),
    db()
      .select({
        snippetId: snippetUsage.snippetId,
        difficulty: snippetUsage.difficulty,
        accuracy: snippetUsage.accuracy,
      })
      .from(snippetUsage)
      .where(eq(snippetUsage.userId, userId))
      .orderBy(desc(snippetUsage.completedAt))
      .limit(RECENT_LIMIT),
  ]);
  // Level: the mean difficulty of the last 10 snippets, nudged up after accurate typing and down otherwise.
  const last = recentRows.slice(0, 10);
  const targetDifficulty = last.length
    ? last.reduce((s, r) => s + r.difficulty, 0) / last.length +
      (last.reduce((s, r) => s + r.accuracy, 0) / last.length >= 0.95 ? 0.3 : -0.3)
    : medianDifficulty(index, mode) - 0.5;
  return {
    profile: buildKeyProfile(stats),
    recent: new Set(recentRows.map((r) => r.snippetId)),
    targetDifficulty,
  };
}

export interface NextSnippet {
  id: string;
  text: string;
  mode: TypingMode;
  difficulty: number;
  reason: string;
  drills: string[];
}

export interface NextSnippets {
  policy: "cold-start" | "heuristic";
  focus: { key: string; confidence: number | null; errorRate: number }[];
  targetDifficulty: number;
  snippets: NextSnippet[];
}

export async function nextSnippets(userId: string, mode: TypingMode, count: number): Promise<NextSnippets> {
  const index = await snippetIndex();
  const state = await userTypingState(userId, mode, index);
  const random = createRandom(Date.now() % 2_147_483_647);
  const options = {
    mode,
    count,
    targetDifficulty: state.targetDifficulty,
    recent: state.recent,
    random,
    exploration: 0.1,
  };
  const coldStart = state.profile.focus.length === 0 && state.recent.size === 0;
  const ranked = coldStart
    ? rankByDifficulty(index, state.profile, options)
    : rankByWeakKeys(index, state.profile, options);
  return {
    policy: coldStart ? "cold-start" : "heuristic",
    focus: state.profile.focus,
    targetDifficulty: Math.round(state.targetDifficulty * 100) / 100,
    snippets: ranked.map((r) => ({
      id: r.snippet.id,
      text: r.snippet.text,
      mode: r.snippet.mode,
      difficulty: r.snippet.difficulty,
      reason: coldStart ? "A starting point at a comfortable level" : r.reason,
      drills: r.drills,
    })),
  };
}
