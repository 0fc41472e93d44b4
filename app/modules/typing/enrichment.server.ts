import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { snippetUsage, telemetrySnippetRaw, typingKeyStats } from "../../../db/schema/index.ts";
import { observeKeystrokes, updateGramStat } from "../../../ml/typing/key-stats.ts";
import { parseTimestamp, telemetrySchema } from "./schemas.ts";

/**
 * typing.enrich: turns one raw telemetry row into a snippet_usage row, updates the user's smoothed key and
 * bigram statistics and the session summary. Runs in one transaction that locks the raw row and checks
 * enriched_at first, so a retry or a duplicate job changes nothing twice. A user's rows are enriched one at
 * a time (a transaction lock per user): two workers folding rows of the same user into a key they had not
 * typed before would otherwise both start from nothing, and the second insert would overwrite the first.
 */
export type EnrichOutcome = "enriched" | "already-enriched" | "missing";

export async function enrichRaw(rawId: string): Promise<EnrichOutcome> {
  return db().transaction(async (tx) => {
    const [raw] = await tx
      .select()
      .from(telemetrySnippetRaw)
      .where(eq(telemetrySnippetRaw.id, rawId))
      .for("update");
    if (!raw) return "missing";
    if (raw.enrichedAt) return "already-enriched";
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`typing.enrich:${raw.userId}`}, 0))`,
    );
    // Validated at ingest; parsed again because the row outlives any schema change.
    const input = telemetrySchema.parse(raw.payload);
    const keystrokes = input.keystrokes ?? [];
    const started = parseTimestamp(input.snippet.started_at);
    const completed = parseTimestamp(input.snippet.completed_at);

    await tx.insert(snippetUsage).values({
      rawId,
      userId: raw.userId,
      snippetId: input.snippet.snippet_id,
      sessionId: input.snippet.session_id,
      position: input.snippet.position,
      wpm: input.snippet.wpm,
      accuracy: input.snippet.accuracy,
      difficulty: input.snippet.difficulty,
      startedAt: started,
      completedAt: completed,
      keystrokes: keystrokes.length,
      errors: keystrokes.filter((k) => !k.correct && k.key !== "Backspace").length,
    });

    const observations = observeKeystrokes(keystrokes);
    if (observations.length > 0) {
      const grams = observations.map((o) => o.gram);
      const existing = await tx
        .select()
        .from(typingKeyStats)
        .where(and(eq(typingKeyStats.userId, raw.userId), inArray(typingKeyStats.gram, grams)))
        .for("update");
      const byGram = new Map(existing.map((e) => [e.gram, e]));
      const rows = observations.map((o) => ({
        userId: raw.userId,
        gram: o.gram,
        ...updateGramStat(byGram.get(o.gram), o),
        updatedAt: new Date(),
      }));
      await tx
        .insert(typingKeyStats)
        .values(rows)
        .onConflictDoUpdate({
          target: [typingKeyStats.userId, typingKeyStats.gram],
          set: {
            hits: sql`excluded.hits`,
            misses: sql`excluded.misses`,
            emaMs: sql`excluded.ema_ms`,
            bestMs: sql`excluded.best_ms`,
            emaErrorRate: sql`excluded.ema_error_rate`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    }

    // Session summary, updated incrementally (O(1) per snippet; the raw-row lock makes it happen once):
    // WPM weighted by time typed, accuracy averaged per snippet.
    const ms = Math.max(1, completed.getTime() - started.getTime());
    await tx.execute(sql`
      update typing_sessions set
        wpm = (coalesce(wpm, 0) * duration_ms + ${input.snippet.wpm}::real * ${ms}::int) / (duration_ms + ${ms}::int),
        accuracy = (coalesce(accuracy, 0) * snippets_completed + ${input.snippet.accuracy}::real) / (snippets_completed + 1),
        snippets_completed = snippets_completed + 1,
        duration_ms = duration_ms + ${ms}::int,
        last_activity_at = greatest(last_activity_at, ${completed.toISOString()}::timestamptz)
      where id = ${input.snippet.session_id}`);

    await tx
      .update(telemetrySnippetRaw)
      .set({ enrichedAt: new Date() })
      .where(eq(telemetrySnippetRaw.id, rawId));
    return "enriched";
  });
}
