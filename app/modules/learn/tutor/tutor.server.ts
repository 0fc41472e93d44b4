import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db } from "../../../../db/client.ts";
import { tutorErrors, tutorMessages, tutorSessions, xpEvents } from "../../../../db/schema/index.ts";
import { checkFrench, type LanguageError } from "../../../../ml/french/checker.ts";
import { completeStructured, streamWithFallback } from "../../../lib/llm/fallback.server.ts";
import { configuredProviders } from "../../../lib/llm/providers.server.ts";
import type { LlmProvider } from "../../../lib/llm/types.ts";
import { invalidateOwner } from "../../../lib/cache.server.ts";
import { env } from "../../../lib/env.server.ts";
import { hitRateLimits, RateLimitedError, type RateLimitRule } from "../../../lib/rate-limit.server.ts";
import { logger } from "../../../lib/logger.server.ts";
import { checkAchievements } from "../achievements/achievements.server.ts";
import { recordCatalogActivity } from "../../recs/module-activity.server.ts";
import { frenchLexicon } from "../french-lexicon.server.ts";
import { offlineOpening, offlineTurn, type Drill } from "./offline-tutor.ts";
import { getProfile } from "../profile.server.ts";
import { LearnError } from "../reviews.server.ts";
import { scenarioByKey } from "./scenarios.ts";
import type { MessageInput, SessionInput } from "./tutor-schemas.ts";
import { correctionsSystemPrompt, llmCorrectionsSchema, tutorSystemPrompt } from "./tutor-prompts.ts";
import { implicitReviews, tutorWords, wordUsage } from "./tutor-words.server.ts";

/**
 * Tutoring sessions (the seed's /api/v1/sessions). A turn: the rule checker marks the learner's message,
 * the tutor replies (an LLM through the provider fallback chain, streamed; or the offline tutor), the LLM's
 * own corrections are merged after the checker's, words used and drills answered become implicit reviews,
 * XP is awarded, and everything is stored before the result is returned. docs/decisions/013.
 */
/** What a listener sees while a turn runs: reply text as it streams; "restart" drops what was shown. */
export type TurnEvent = { type: "delta"; text: string } | { type: "restart" };
type Session = typeof tutorSessions.$inferSelect;

const XP_TURN = 5;
const XP_PER_WORD = 2;
const XP_WORDS_MAX = 6;
const XP_DRILL = 5;

const providersHook = globalThis as typeof globalThis & { __praxisTutorProviders?: () => LlmProvider[] };
/** The LLM providers the tutor uses (tests may point these at a local server). */
export function tutorProviders(): LlmProvider[] {
  return (providersHook.__praxisTutorProviders ?? configuredProviders)();
}

/**
 * Per-learner limits on turns that reach an LLM (each turn is two model calls: the reply and the
 * corrections), counted in Postgres so they hold across instances. The offline tutor costs no model time
 * and is not limited. ADR 021.
 */
export function tutorLlmLimits(userId: string): RateLimitRule[] {
  const { TUTOR_LLM_RATE_LIMIT_PER_MINUTE: perMinute, TUTOR_LLM_RATE_LIMIT_PER_DAY: perDay } = env();
  return [
    { key: `tutor:llm:minute:${userId}`, limit: perMinute, windowSeconds: 60, per: "minute" },
    { key: `tutor:llm:day:${userId}`, limit: perDay, windowSeconds: 86_400, per: "day" },
  ];
}

export function tutorMode(): { mode: "llm" | "offline"; providers: { name: string; model: string }[] } {
  const providers = tutorProviders();
  return {
    mode: providers.length ? "llm" : "offline",
    providers: providers.map((p) => ({ name: p.name, model: p.model })),
  };
}

function overview(s: Session) {
  const scenario = scenarioByKey(s.scenario);
  return {
    id: s.id,
    topic: s.topic,
    scenario: scenario ? { key: scenario.key, title: scenario.title, goal: scenario.goal } : null,
    level: s.cefrLevel,
    planned_minutes: s.plannedMinutes,
    status: s.status,
    turns: s.turns,
    xp: s.xp,
    started_at: s.startedAt.toISOString(),
    completed_at: s.completedAt?.toISOString() ?? null,
    mode: tutorMode().mode,
  };
}

type MessageRow = typeof tutorMessages.$inferSelect;
const messageJson = (m: MessageRow) => ({
  id: m.id,
  seq: m.seq,
  role: m.role,
  content: m.content,
  provider: m.provider,
  created_at: m.createdAt.toISOString(),
});

async function ownSession(userId: string, sessionId: string, isAdmin = false): Promise<Session> {
  const [s] = await db().select().from(tutorSessions).where(eq(tutorSessions.id, sessionId));
  if (!s) throw new LearnError(404, "No such session", [{ path: "id", message: "No session with this id" }]);
  if (s.userId !== userId && !isAdmin)
    throw new LearnError(403, "This is another learner's session", [
      { path: "id", message: "Not your session" },
    ]);
  return s;
}

export async function createSession(userId: string, input: SessionInput) {
  const profile = await getProfile(userId);
  if (!profile)
    throw new LearnError(409, "Choose your level first: create a learner profile", [
      { path: "profile", message: "No learner profile yet (PUT /api/v1/learn/profile)" },
    ]);
  const scenario = scenarioByKey(input.scenario);
  const level = input.level ?? profile.cefrLevel;
  const topic = scenario?.title ?? input.topic ?? "Everyday conversation";
  const { words } = await tutorWords(userId);
  const llm = tutorProviders().length > 0;
  const opening = llm
    ? {
        reply: scenario?.opening ?? `Bonjour ! Aujourd'hui, on parle de « ${topic} ». Tu commences ?`,
        drill: null,
      }
    : offlineOpening(words, ["A1", "A2"].includes(level), scenario?.opening);
  return db().transaction(async (tx) => {
    const [session] = await tx
      .insert(tutorSessions)
      .values({
        userId,
        topic,
        scenario: scenario?.key ?? null,
        cefrLevel: level,
        plannedMinutes: input.planned_minutes,
      })
      .returning();
    const [first] = await tx
      .insert(tutorMessages)
      .values({
        sessionId: session!.id,
        seq: 1,
        role: "tutor",
        content: opening.reply,
        provider: llm ? "scripted" : "offline",
        drill: opening.drill,
      })
      .returning();
    return { session: overview(session!), messages: [messageJson(first!)] };
  });
}

export async function listSessions(userId: string) {
  const rows = await db()
    .select()
    .from(tutorSessions)
    .where(eq(tutorSessions.userId, userId))
    .orderBy(desc(tutorSessions.startedAt))
    .limit(50);
  return rows.map(overview);
}

export async function getSession(userId: string, sessionId: string, isAdmin = false) {
  const session = await ownSession(userId, sessionId, isAdmin);
  const messages = await db()
    .select()
    .from(tutorMessages)
    .where(eq(tutorMessages.sessionId, sessionId))
    .orderBy(asc(tutorMessages.seq));
  const errors = await db()
    .select()
    .from(tutorErrors)
    .innerJoin(tutorMessages, eq(tutorMessages.id, tutorErrors.messageId))
    .where(eq(tutorMessages.sessionId, sessionId));
  return {
    session: overview(session),
    messages: messages.map((m) => ({
      ...messageJson(m),
      errors: errors.filter((e) => e.tutor_errors.messageId === m.id).map((e) => errorJson(e.tutor_errors)),
    })),
  };
}

type StoredError = Omit<typeof tutorErrors.$inferSelect, "id" | "createdAt" | "messageId" | "userId">;
const errorJson = (e: StoredError) => ({
  start: e.start,
  end: e.end,
  text: e.text,
  category: e.category,
  suggestion: e.suggestion,
  explanation: e.explanation,
  source: e.source,
});

/** The LLM's corrections, placed in the message by their quoted text; dropped where the checker already spoke. */
function mergeErrors(
  text: string,
  checker: readonly LanguageError[],
  llm: { text: string; category: string; correction: string; explanation: string }[],
): StoredError[] {
  const merged: StoredError[] = checker.map((e) => ({ ...e, source: "checker" as const }));
  for (const e of llm) {
    const start = text.indexOf(e.text);
    if (start < 0 || e.correction === e.text) continue;
    const end = start + e.text.length;
    if (merged.some((m) => m.start < end && start < m.end)) continue;
    merged.push({
      start,
      end,
      text: e.text,
      category: e.category,
      suggestion: e.correction,
      explanation: e.explanation,
      source: "llm",
    });
  }
  return merged.sort((a, b) => a.start - b.start);
}

async function nextSeq(sessionId: string): Promise<number> {
  const [row] = await db()
    .select({ max: sql<number>`coalesce(max(${tutorMessages.seq}), 0)::int` })
    .from(tutorMessages)
    .where(eq(tutorMessages.sessionId, sessionId));
  return (row?.max ?? 0) + 1;
}

export interface TurnResult {
  session: ReturnType<typeof overview>;
  learner_message: ReturnType<typeof messageJson>;
  reply: ReturnType<typeof messageJson>;
  xp_awarded: number;
  feedback: {
    errors: ReturnType<typeof errorJson>[];
    words_used: { word_id: number; french: string; correct: boolean }[];
    suggested_missed: { word_id: number; french: string; english: string }[];
    drill: { word_id: number; verdict: string; expected: string } | null;
    implicit_reviews: { word_id: number; rating: number; source: string }[];
    note: string | null;
  };
  duplicate: boolean;
}

/** One learner turn; `onEvent` receives the tutor's reply as it streams (LLM mode). */
export async function postMessage(
  userId: string,
  sessionId: string,
  input: MessageInput,
  onEvent: (e: TurnEvent) => void = () => undefined,
  signal?: AbortSignal,
): Promise<TurnResult> {
  const session = await ownSession(userId, sessionId);
  if (input.client_message_id) {
    const [earlier] = await db()
      .select({ result: tutorMessages.result })
      .from(tutorMessages)
      .where(
        and(
          eq(tutorMessages.sessionId, sessionId),
          eq(tutorMessages.clientMessageId, input.client_message_id),
        ),
      );
    if (earlier?.result) return { ...(earlier.result as object), duplicate: true } as TurnResult;
  }
  if (session.status !== "active")
    throw new LearnError(409, "This session is completed: start a new one", [
      { path: "id", message: "Session completed" },
    ]);
  const providers = tutorProviders();
  // A turn that will reach an LLM is counted before anything is asked or written; a refused one writes nothing.
  if (providers.length) {
    const refused = await hitRateLimits(tutorLlmLimits(userId));
    if (refused) throw RateLimitedError.from(refused, "messages to the AI tutor");
  }

  const lex = await frenchLexicon();
  const { words, dayStart } = await tutorWords(userId);
  const suggested = input.suggested_words?.length
    ? words.filter((w) => input.suggested_words!.includes(w.id))
    : words;
  const checker = checkFrench(input.content, lex);
  const history = await db()
    .select()
    .from(tutorMessages)
    .where(eq(tutorMessages.sessionId, sessionId))
    .orderBy(desc(tutorMessages.seq))
    .limit(12);
  history.reverse();
  const lastTutor = [...history].reverse().find((m) => m.role === "tutor");
  const lastDrill = (lastTutor?.drill ?? null) as Drill | null;
  const scenario = scenarioByKey(session.scenario);
  const beginner = ["A1", "A2"].includes(session.cefrLevel);

  let reply: string;
  let provider: string;
  let drill: Drill | null = null;
  let llmErrors: { text: string; category: string; correction: string; explanation: string }[] = [];
  let llmNote: string | null = null;
  const usageBeforeLlm = wordUsage(input.content, words, checker, lex);
  let drillResult = null;

  if (providers.length) {
    const messages = [
      ...history.map((m) => ({
        role: m.role === "learner" ? ("user" as const) : ("assistant" as const),
        content: m.content,
      })),
      { role: "user" as const, content: input.content },
    ];
    const system = tutorSystemPrompt({
      level: session.cefrLevel,
      topic: session.topic,
      scenario,
      words: suggested,
    });
    const [streamed, corrections] = await Promise.allSettled([
      streamWithFallback(
        providers,
        { system, messages, maxTokens: 300, temperature: 0.7 },
        (e) => onEvent(e.type === "delta" ? e : { type: "restart" }),
        signal,
      ),
      completeStructured(
        providers,
        {
          system: correctionsSystemPrompt(session.cefrLevel),
          messages: [{ role: "user", content: input.content }],
          maxTokens: 600,
          temperature: 0,
        },
        llmCorrectionsSchema,
        signal,
      ),
    ]);
    if (corrections.status === "fulfilled") llmErrors = corrections.value.data.errors;
    else logger().warn({ err: corrections.reason }, "LLM corrections unavailable; rule checker only");
    if (streamed.status === "fulfilled") {
      reply = streamed.value.text;
      provider = streamed.value.provider;
    } else {
      // Every provider failed: this turn is answered offline, and the learner is told why.
      logger().warn({ err: streamed.reason }, "no LLM provider answered; offline tutor for this turn");
      const offline = offlineTurn({
        learnerText: input.content,
        lastDrill,
        words,
        recentWordIds: new Set(),
        usage: usageBeforeLlm,
        errors: checker,
        turn: session.turns,
        beginner,
      });
      reply = offline.reply;
      drill = offline.drill;
      provider = "offline";
      llmNote = "The AI tutor is unavailable right now; the offline tutor answered this turn.";
      onEvent({ type: "restart" });
      onEvent({ type: "delta", text: reply });
    }
  } else {
    const recent = new Set(
      history.flatMap((m) => ((m.drill as Drill | null)?.wordId ? [(m.drill as Drill).wordId] : [])),
    );
    const offline = offlineTurn({
      learnerText: input.content,
      lastDrill,
      words,
      recentWordIds: recent,
      usage: usageBeforeLlm,
      errors: checker,
      turn: session.turns + 1,
      beginner,
    });
    reply = offline.reply;
    drill = offline.drill;
    drillResult = offline.drillResult;
    provider = "offline";
    onEvent({ type: "delta", text: reply });
  }

  const errors = mergeErrors(input.content, checker, llmErrors);
  const usage = wordUsage(
    input.content,
    words,
    errors.map((e) => ({ ...e, category: e.category as LanguageError["category"] })),
    lex,
  );
  const reviews = await implicitReviews(userId, usage, drillResult, dayStart);
  // The drill's own word is paid by the drill bonus, not again as a word used.
  const wordsCorrect = [...usage].filter(([id, u]) => u === "correct" && id !== drillResult?.wordId).length;
  const xp =
    XP_TURN +
    Math.min(XP_WORDS_MAX, XP_PER_WORD * wordsCorrect) +
    (drillResult?.verdict === "correct" ? XP_DRILL : 0);
  const wordById = new Map(words.map((w) => [w.id, w] as const));
  const feedback = {
    errors: errors.map(errorJson),
    words_used: [...usage].map(([id, how]) => ({
      word_id: id,
      french: wordById.get(id)!.french,
      correct: how === "correct",
    })),
    suggested_missed: suggested
      .filter((w) => !usage.has(w.id))
      .slice(0, 5)
      .map((w) => ({ word_id: w.id, french: w.french, english: w.english })),
    drill: drillResult
      ? { word_id: drillResult.wordId, verdict: drillResult.verdict, expected: drillResult.expected }
      : null,
    implicit_reviews: reviews,
    note: llmNote,
  };

  const seq = await nextSeq(sessionId);
  const stored = await db().transaction(async (tx) => {
    const [learnerMessage] = await tx
      .insert(tutorMessages)
      .values({
        sessionId,
        seq,
        role: "learner",
        content: input.content,
        clientMessageId: input.client_message_id ?? null,
      })
      .returning();
    const [tutorMessage] = await tx
      .insert(tutorMessages)
      .values({ sessionId, seq: seq + 1, role: "tutor", content: reply, provider, drill })
      .returning();
    if (errors.length)
      await tx
        .insert(tutorErrors)
        .values(errors.map((e) => ({ ...e, messageId: learnerMessage!.id, userId })));
    await tx.insert(xpEvents).values({ userId, source: "turn", amount: xp, refId: learnerMessage!.id });
    const [updated] = await tx
      .update(tutorSessions)
      .set({
        turns: sql`${tutorSessions.turns} + 1`,
        xp: sql`${tutorSessions.xp} + ${xp}`,
        lastActivityAt: sql`now()`,
      })
      .where(eq(tutorSessions.id, sessionId))
      .returning();
    const result: TurnResult = {
      session: overview(updated!),
      learner_message: messageJson(learnerMessage!),
      reply: messageJson(tutorMessage!),
      xp_awarded: xp,
      feedback,
      duplicate: false,
    };
    await tx.update(tutorMessages).set({ result }).where(eq(tutorMessages.id, learnerMessage!.id));
    await invalidateOwner(userId, tx);
    return result;
  });
  return stored;
}

export async function completeSession(userId: string, sessionId: string) {
  const session = await ownSession(userId, sessionId);
  if (session.status === "completed")
    throw new LearnError(409, "This session is already completed", [
      { path: "id", message: "Session completed" },
    ]);
  const minutes = Math.max(1, Math.round((Date.now() - session.startedAt.getTime()) / 60_000));
  // A session bonus for practice actually done: nothing for a session with no turns.
  const bonus = session.turns === 0 ? 0 : Math.min(50, 10 + 2 * session.turns);
  const completed = await db().transaction(async (tx) => {
    const [updated] = await tx
      .update(tutorSessions)
      .set({ status: "completed", completedAt: sql`now()`, xp: sql`${tutorSessions.xp} + ${bonus}` })
      .where(and(eq(tutorSessions.id, sessionId), eq(tutorSessions.status, "active")))
      .returning();
    if (!updated) throw new LearnError(409, "This session is already completed");
    if (bonus)
      await tx.insert(xpEvents).values({ userId, source: "session", amount: bonus, refId: sessionId });
    await invalidateOwner(userId, tx);
    const [counts] = await tx
      .select({ errors: sql<number>`count(*)::int` })
      .from(tutorErrors)
      .innerJoin(tutorMessages, eq(tutorMessages.id, tutorErrors.messageId))
      .where(eq(tutorMessages.sessionId, sessionId));
    return {
      session: overview(updated),
      summary: {
        turns: updated.turns,
        xp: updated.xp,
        xp_bonus: bonus,
        minutes,
        errors: counts?.errors ?? 0,
      },
    };
  });
  // A role-play finished with turns in it is practice of its library item: the recommender learns from it.
  if (session.scenario && completed.summary.turns > 0)
    await recordCatalogActivity(userId, `scenario:${session.scenario}`, "complete");
  // Checked after the commit, so the session and its XP count.
  return { ...completed, achievements_unlocked: await checkAchievements(userId) };
}
