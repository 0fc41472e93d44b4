import { desc, eq } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { typingSessions, type TypingMode } from "../../../db/schema/index.ts";

export type TypingSession = typeof typingSessions.$inferSelect;

export function serializeSession(s: TypingSession) {
  return {
    id: s.id,
    mode: s.mode,
    startedAt: s.startedAt.toISOString(),
    snippetsCompleted: s.snippetsCompleted,
    wpm: s.wpm,
    accuracy: s.accuracy,
    durationMs: s.durationMs,
  };
}

export async function startSession(userId: string, mode: TypingMode): Promise<TypingSession> {
  const [row] = await db().insert(typingSessions).values({ userId, mode }).returning();
  return row!;
}

export async function recentSessions(userId: string, limit = 20): Promise<TypingSession[]> {
  return db()
    .select()
    .from(typingSessions)
    .where(eq(typingSessions.userId, userId))
    .orderBy(desc(typingSessions.startedAt))
    .limit(limit);
}
