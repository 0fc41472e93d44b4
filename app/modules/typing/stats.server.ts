import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { telemetrySnippetRaw, typingKeyStats, typingSessions } from "../../../db/schema/index.ts";
import { observeKeystrokes, TARGET_MS_PER_KEY } from "../../../ml/typing/key-stats.ts";
import { telemetrySchema } from "./schemas.ts";

/** What the stats page and result screens show: all computed from the user's own telemetry. */
export interface KeyStatView {
  key: string;
  emaMs: number | null;
  bestMs: number | null;
  errorRate: number;
  hits: number;
  misses: number;
  confidence: number | null;
}

export async function keyStatsForUser(userId: string): Promise<KeyStatView[]> {
  const rows = await db()
    .select()
    .from(typingKeyStats)
    .where(and(eq(typingKeyStats.userId, userId), sql`length(${typingKeyStats.gram}) = 1`));
  return rows.map((r) => ({
    key: r.gram,
    emaMs: r.emaMs,
    bestMs: r.bestMs,
    errorRate: r.emaErrorRate,
    hits: r.hits,
    misses: r.misses,
    confidence: r.emaMs ? TARGET_MS_PER_KEY / r.emaMs : null,
  }));
}

export async function sessionHistory(userId: string, limit = 60) {
  const rows = await db()
    .select()
    .from(typingSessions)
    .where(and(eq(typingSessions.userId, userId), gt(typingSessions.snippetsCompleted, 0)))
    .orderBy(desc(typingSessions.startedAt))
    .limit(limit);
  return rows.reverse().map((s) => ({
    id: s.id,
    mode: s.mode,
    startedAt: s.startedAt.toISOString(),
    wpm: s.wpm === null ? null : Math.round(s.wpm * 10) / 10,
    accuracy: s.accuracy === null ? null : Math.round(s.accuracy * 1000) / 10,
    snippets: s.snippetsCompleted,
    durationMs: s.durationMs,
  }));
}

/**
 * Mean time per key per day for the user's most practised keys, from the raw keystrokes of their last
 * few hundred snippets (the smoothed statistics keep only the current value, not the path to it).
 */
export async function keySpeedHistory(userId: string, keysToShow = 6, maxSnippets = 300) {
  const rows = await db()
    .select({ payload: telemetrySnippetRaw.payload, receivedAt: telemetrySnippetRaw.receivedAt })
    .from(telemetrySnippetRaw)
    .where(and(eq(telemetrySnippetRaw.userId, userId), isNotNull(telemetrySnippetRaw.enrichedAt)))
    .orderBy(desc(telemetrySnippetRaw.receivedAt))
    .limit(maxSnippets);
  const byDay = new Map<string, Map<string, { total: number; n: number }>>();
  const totals = new Map<string, number>();
  for (const row of rows) {
    const parsed = telemetrySchema.safeParse(row.payload);
    if (!parsed.success || !parsed.data.keystrokes) continue;
    const day = row.receivedAt.toISOString().slice(0, 10);
    const dayMap = byDay.get(day) ?? new Map<string, { total: number; n: number }>();
    byDay.set(day, dayMap);
    for (const o of observeKeystrokes(parsed.data.keystrokes)) {
      if (o.gram.length !== 1 || o.times.length === 0) continue;
      const s = dayMap.get(o.gram) ?? { total: 0, n: 0 };
      s.total += o.times.reduce((a, b) => a + b, 0);
      s.n += o.times.length;
      dayMap.set(o.gram, s);
      totals.set(o.gram, (totals.get(o.gram) ?? 0) + o.times.length);
    }
  }
  const keys = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, keysToShow)
    .map(([k]) => k)
    .sort();
  const days = [...byDay.keys()].sort();
  const points = days.map((day) => {
    const point: Record<string, number | string | null> = { day };
    for (const k of keys) {
      const s = byDay.get(day)!.get(k);
      point[k] = s ? Math.round(s.total / s.n) : null;
    }
    return point;
  });
  return { keys, points };
}

export async function practiceTotals(userId: string) {
  const [row] = await db()
    .select({
      sessions: sql<number>`count(*)::int`,
      snippets: sql<number>`coalesce(sum(${typingSessions.snippetsCompleted}), 0)::int`,
      ms: sql<number>`coalesce(sum(${typingSessions.durationMs}), 0)::bigint`,
      best: sql<number | null>`max(${typingSessions.wpm})`,
    })
    .from(typingSessions)
    .where(and(eq(typingSessions.userId, userId), gt(typingSessions.snippetsCompleted, 0)));
  return {
    sessions: row?.sessions ?? 0,
    snippets: row?.snippets ?? 0,
    minutes: Math.round(Number(row?.ms ?? 0) / 60_000),
    bestWpm: row?.best ?? null,
  };
}
