import { desc, eq, isNotNull, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { telemetrySnippetRaw, typingModelVersions } from "../../../db/schema/index.ts";
import { trainLambdaMart, type LambdaMartModel } from "../../../ml/ranking/lambdamart.ts";
import { createRandom } from "../../../ml/random.ts";
import {
  buildRankingDataset,
  evaluateRankers,
  FEATURE_NAMES,
  RANKER_PARAMS,
  timeSplit,
  type Evaluation,
  type TypingEvent,
} from "../../../ml/typing/ranking-dataset.ts";
import { snippetIndex } from "./snippet-index.server.ts";
import { parseTimestamp, telemetrySchema } from "./schemas.ts";

/**
 * typing.train: builds ranking examples from all enriched telemetry, trains LambdaMART, evaluates it on the
 * latest 20% of sessions against the random, difficulty-match and weakest-key baselines (and the active
 * model, re-scored on the same sessions), stores the version, and activates it only if it beats them all.
 */
const MIN_TRAIN_QUERIES = 30;
const MIN_TEST_QUERIES = 10;

/** All enriched telemetry as typing events, oldest first. */
export async function loadTypingEvents(): Promise<TypingEvent[]> {
  const rows = await db()
    .select({ userId: telemetrySnippetRaw.userId, payload: telemetrySnippetRaw.payload })
    .from(telemetrySnippetRaw)
    .where(isNotNull(telemetrySnippetRaw.enrichedAt))
    .orderBy(telemetrySnippetRaw.receivedAt);
  const events: TypingEvent[] = [];
  for (const row of rows) {
    const parsed = telemetrySchema.safeParse(row.payload);
    if (!parsed.success || !parsed.data.keystrokes?.length) continue;
    const p = parsed.data;
    events.push({
      userId: row.userId,
      sessionId: p.snippet.session_id,
      snippetId: p.snippet.snippet_id,
      keystrokes: p.keystrokes!,
      accuracy: p.snippet.accuracy,
      difficulty: p.snippet.difficulty,
      completedAt: parseTimestamp(p.snippet.completed_at).getTime(),
    });
  }
  return events;
}

export interface TrainingOutcome {
  id: string | null;
  status: "active" | "rejected" | "insufficient-data";
  reason: string;
  evaluation: Evaluation | null;
  trainQueries: number;
  testQueries: number;
}

export async function trainTypingRanker(): Promise<TrainingOutcome> {
  const [events, index] = await Promise.all([loadTypingEvents(), snippetIndex()]);
  const dataset = buildRankingDataset(events, index);
  const { train, test, cutoff } = timeSplit(dataset, 0.2);
  const window = {
    from: events[0] ? new Date(events[0].completedAt).toISOString() : null,
    to: events.at(-1) ? new Date(events.at(-1)!.completedAt).toISOString() : null,
    holdoutFrom: new Date(cutoff).toISOString(),
    users: new Set(events.map((e) => e.userId)).size,
    snippets: events.length,
    trainQueries: train.groups.length,
    testQueries: test.groups.length,
    examples: dataset.labels.length,
  };
  if (train.groups.length < MIN_TRAIN_QUERIES || test.groups.length < MIN_TEST_QUERIES) {
    const reason = `Not enough data: need ${MIN_TRAIN_QUERIES} training and ${MIN_TEST_QUERIES} hold-out sessions with two or more snippets, have ${train.groups.length} and ${test.groups.length}`;
    // Recorded (without a model) so an admin who pressed "Train now" sees why nothing changed.
    const [row] = await db()
      .insert(typingModelVersions)
      .values({
        status: "rejected",
        reason,
        params: RANKER_PARAMS,
        metrics: { k: 3, queries: test.groups.length, ndcg: null, activeModelNdcg: null },
        dataWindow: window,
      })
      .returning({ id: typingModelVersions.id });
    return {
      id: row!.id,
      status: "insufficient-data",
      reason,
      evaluation: null,
      trainQueries: train.groups.length,
      testQueries: test.groups.length,
    };
  }
  const model = trainLambdaMart(train, [...FEATURE_NAMES], RANKER_PARAMS);
  const evaluation = evaluateRankers(test, model, createRandom(1), 3);
  const active = await activeModelRow();
  const activeNdcg = active ? evaluateRankers(test, active.model, createRandom(1), 3).ndcg.model : null;
  const bestBaseline = Math.max(
    evaluation.ndcg.random,
    evaluation.ndcg.difficultyMatch,
    evaluation.ndcg.weakestKeyHeuristic,
  );
  const ndcg = evaluation.ndcg.model!;
  const beatsBaselines = ndcg > bestBaseline;
  const beatsActive = activeNdcg === null || ndcg > activeNdcg;
  const activate = beatsBaselines && beatsActive;
  const reason = activate
    ? `NDCG@3 ${ndcg.toFixed(4)} beats the best baseline (${bestBaseline.toFixed(4)})${activeNdcg !== null ? ` and the active model (${activeNdcg.toFixed(4)})` : ""}`
    : !beatsBaselines
      ? `NDCG@3 ${ndcg.toFixed(4)} does not beat the best baseline (${bestBaseline.toFixed(4)})`
      : `NDCG@3 ${ndcg.toFixed(4)} does not beat the active model (${activeNdcg!.toFixed(4)}) on the same hold-out`;

  const id = await db().transaction(async (tx) => {
    if (activate) {
      await tx
        .update(typingModelVersions)
        .set({ status: "retired" })
        .where(eq(typingModelVersions.status, "active"));
    }
    const [row] = await tx
      .insert(typingModelVersions)
      .values({
        status: activate ? "active" : "rejected",
        reason,
        params: RANKER_PARAMS,
        metrics: { ...evaluation, activeModelNdcg: activeNdcg },
        dataWindow: window,
        model,
        activatedAt: activate ? new Date() : null,
      })
      .returning({ id: typingModelVersions.id });
    return row!.id;
  });
  invalidateActiveModel();
  return {
    id,
    status: activate ? "active" : "rejected",
    reason,
    evaluation,
    trainQueries: train.groups.length,
    testQueries: test.groups.length,
  };
}

async function activeModelRow(): Promise<{ id: string; model: LambdaMartModel } | null> {
  const [row] = await db()
    .select({ id: typingModelVersions.id, model: typingModelVersions.model })
    .from(typingModelVersions)
    .where(eq(typingModelVersions.status, "active"))
    .limit(1);
  return row?.model ? { id: row.id, model: row.model as LambdaMartModel } : null;
}

// The active model, cached per process and re-checked every minute (another instance may have trained).
const MODEL_TTL_MS = 60_000;
const holder = globalThis as typeof globalThis & {
  __praxisTypingModel?: { value: { id: string; model: LambdaMartModel } | null; at: number };
};

export function invalidateActiveModel(): void {
  holder.__praxisTypingModel = undefined;
}

export async function activeModel(): Promise<{ id: string; model: LambdaMartModel } | null> {
  const cached = holder.__praxisTypingModel;
  if (cached && Date.now() - cached.at < MODEL_TTL_MS) return cached.value;
  const value = await activeModelRow();
  holder.__praxisTypingModel = { value, at: Date.now() };
  return value;
}

export async function modelVersions(limit = 20) {
  const rows = await db()
    .select({
      id: typingModelVersions.id,
      createdAt: typingModelVersions.createdAt,
      status: typingModelVersions.status,
      reason: typingModelVersions.reason,
      metrics: typingModelVersions.metrics,
      dataWindow: typingModelVersions.dataWindow,
      trees: sql<number>`coalesce(jsonb_array_length(${typingModelVersions.model}->'trees'), 0)`,
    })
    .from(typingModelVersions)
    .orderBy(desc(typingModelVersions.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    metrics: r.metrics as Omit<Evaluation, "ndcg"> & {
      ndcg: Evaluation["ndcg"] | null;
      activeModelNdcg: number | null;
    },
    dataWindow: r.dataWindow as Record<string, unknown>,
  }));
}
