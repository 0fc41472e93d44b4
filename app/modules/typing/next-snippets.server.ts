import { desc, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { snippetUsage, typingKeyStats, type TypingMode } from "../../../db/schema/index.ts";
import { createRandom } from "../../../ml/random.ts";
import type { GramStat } from "../../../ml/typing/key-stats.ts";
import { learnedPolicy } from "../../../ml/typing/policy-simulation.ts";
import { contextFromStats } from "../../../ml/typing/ranking-dataset.ts";
import {
  buildKeyProfile,
  KEY_ALPHABET,
  rankByDifficulty,
  rankByWeakKeys,
  type IndexedSnippet,
  type KeyProfile,
  type SnippetIndex,
} from "../../../ml/typing/snippet-policy.ts";
import { snippetIndex } from "./snippet-index.server.ts";
import { activeModel } from "./training.server.ts";

/**
 * GET /api/snippets/next: ranks the corpus for one user with the active learned ranker, else the
 * weakest-key heuristic (cold start: a difficulty match). The user's key profile is read per request (one
 * indexed query), so a finished snippet changes the next pick straight away.
 */
const RECENT_LIMIT = 200;

export interface UserTypingState {
  profile: KeyProfile;
  stats: Map<string, GramStat>;
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
    stats: new Map(
      stats.map((s) => [
        s.gram,
        { hits: s.hits, misses: s.misses, emaMs: s.emaMs, bestMs: null, emaErrorRate: s.emaErrorRate },
      ]),
    ),
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
  /** own: a user's own texts (a story), in order, not ranked. pack: one lesson pack's snippets. */
  policy: "cold-start" | "heuristic" | "model" | "own" | "pack";
  modelId: string | null;
  focus: { key: string; confidence: number | null; errorRate: number }[];
  targetDifficulty: number;
  /** The lesson pack served (policy "pack"). */
  pack?: { key: string; title: string; keys: string[] };
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
  const active = coldStart ? null : await activeModel();
  let ranked: { snippet: IndexedSnippet; reason: string; drills: string[] }[];
  if (active) {
    // Second stage: the learned ranker orders the heuristic's shortlist (see ml/typing/policy-simulation.ts).
    const ctx = contextFromStats(state.stats, state.targetDifficulty);
    const rows = learnedPolicy(active.model, 0.1, mode).choose(index, ctx, state.recent, count, random);
    ranked = rows.map((row) => {
      const drills = drillsOf(index, row, state.profile);
      return {
        snippet: index.snippets[row]!,
        drills,
        reason: drills.length
          ? `Picked by the learned ranker: drills ${drills.join(", ")}`
          : "Picked by the learned ranker for your level",
      };
    });
  } else {
    ranked = coldStart
      ? rankByDifficulty(index, state.profile, options)
      : rankByWeakKeys(index, state.profile, options);
  }
  return {
    policy: coldStart ? "cold-start" : active ? "model" : "heuristic",
    modelId: active?.id ?? null,
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

function drillsOf(index: SnippetIndex, row: number, profile: KeyProfile): string[] {
  const K = KEY_ALPHABET.length;
  return profile.focus
    .map((f) => f.key)
    .filter((key) => index.keyShare[row * K + KEY_ALPHABET.indexOf(key)]! > 0);
}
