import { db } from "../../../db/client.ts";
import { telemetrySnippetRaw, typingSessions } from "../../../db/schema/index.ts";
import { createRandom } from "../../../ml/random.ts";
import { observeKeystrokes, updateGramStat, type GramStat } from "../../../ml/typing/key-stats.ts";
import { heuristicPolicy } from "../../../ml/typing/policy-simulation.ts";
import { contextFromStats } from "../../../ml/typing/ranking-dataset.ts";
import { createTypist, typeText } from "../../../ml/typing/simulator.ts";
import { enrichRaw } from "./enrichment.server.ts";
import type { TelemetryInput } from "./schemas.ts";
import { snippetIndex } from "./snippet-index.server.ts";

/**
 * Writes a simulated typist's practice history for a real user: sessions of word snippets chosen by the
 * weakest-key policy, typed by ml/typing/simulator.ts, stored as ordinary telemetry and enriched. The demo
 * account starts with it, and tests use it to give the trainer data. Everything it writes is what real
 * typing would write; only the typist is simulated.
 */
export async function recordSimulatedHistory(
  userId: string,
  options: { sessions: number; perSession?: number; seed: number; endAt?: Date },
): Promise<{ snippets: number }> {
  const index = await snippetIndex();
  const random = createRandom(options.seed);
  const typist = createTypist(createRandom(options.seed + 1));
  const policy = heuristicPolicy(0.3);
  const perSession = options.perSession ?? 5;
  const stats = new Map<string, GramStat>();
  const recent: string[] = [];
  const end = options.endAt?.getTime() ?? Date.now();
  let written = 0;
  for (let s = 0; s < options.sessions; s++) {
    // One session a day, ending yesterday, so charts show a history.
    let clock = end - (options.sessions - s) * 86_400_000;
    const [session] = await db()
      .insert(typingSessions)
      .values({ userId, mode: "words", startedAt: new Date(clock), lastActivityAt: new Date(clock) })
      .returning({ id: typingSessions.id });
    const rows = policy.choose(index, contextFromStats(stats, 5), new Set(recent), perSession, random);
    for (const [position, row] of rows.entries()) {
      const snippet = index.snippets[row]!;
      const typed = typeText(typist, snippet.text, random);
      const startedAt = new Date(clock);
      clock += typed.durationMs;
      const payload: TelemetryInput = {
        snippet: {
          snippet_id: snippet.id,
          session_id: session!.id,
          wpm: Math.round(typed.wpm * 100) / 100,
          accuracy: Math.round(typed.accuracy * 10_000) / 10_000,
          position,
          difficulty: snippet.difficulty,
          started_at: startedAt.toISOString(),
          completed_at: new Date(clock).toISOString(),
        },
        user_state: { user_id: userId },
        keystrokes: typed.keystrokes,
      };
      const [raw] = await db()
        .insert(telemetrySnippetRaw)
        .values({ userId, payload, receivedAt: new Date(clock) })
        .returning({ id: telemetrySnippetRaw.id });
      await enrichRaw(raw!.id);
      for (const o of observeKeystrokes(typed.keystrokes))
        stats.set(o.gram, updateGramStat(stats.get(o.gram), o));
      recent.push(snippet.id);
      clock += 4_000;
      written++;
    }
  }
  return { snippets: written };
}
