import { and, desc, eq, gte, sql, type Column, type SQL } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { contentItems, recsEvents, recsProfiles } from "../../../db/schema/index.ts";
import { ttlCache, type TtlCache } from "../../lib/ttl-cache.ts";
import { getUserById, type PublicUser } from "../auth/users.server.ts";
import { retrieveAndRank } from "../../../ml/recs/retrieve-and-rank.ts";
import {
  recommendBaseline,
  type CatalogEntry,
  type Popularity,
  type Recommendation,
  type UserHistory,
} from "./baseline-recommender.ts";
import { diversify } from "./model-training.ts";
import { servedModel, type ServedModel } from "./model-serving.server.ts";
import { reasonMaker } from "./reasons.ts";
import { RecsError } from "./events.server.ts";
import { SIGNAL_WEIGHTS } from "./signal-weights.ts";

const weightOf = (eventType: SQL | Column) =>
  sql`case ${eventType} ${sql.join(
    Object.entries(SIGNAL_WEIGHTS).map(([t, w]) => sql`when ${t} then ${w}::float8`),
    sql` `,
  )} else 0 end`;

interface Snapshot {
  catalog: (CatalogEntry & { difficulty: number })[];
  byId: Map<string, CatalogEntry>;
  popularity: Popularity;
}

/** The catalog and 30-day popularity (overall and per cohort), cached per process for five minutes. */
async function loadSnapshot(): Promise<Snapshot> {
  const [items, pop] = await Promise.all([
    db()
      .select({
        id: contentItems.id,
        title: contentItems.title,
        type: contentItems.type,
        tags: contentItems.tags,
        difficulty: contentItems.difficulty,
        createdAt: contentItems.createdAt,
      })
      .from(contentItems),
    db()
      .select({
        contentId: recsEvents.contentId,
        cohort: recsProfiles.cohort,
        score: sql<number>`sum(${weightOf(recsEvents.eventType)})::float8`,
      })
      .from(recsEvents)
      .leftJoin(recsProfiles, eq(recsProfiles.userId, recsEvents.userId))
      .where(gte(recsEvents.ts, sql`now() - interval '30 days'`))
      .groupBy(recsEvents.contentId, recsProfiles.cohort),
  ]);
  const catalog = items.map((i) => ({ ...i, createdAt: i.createdAt.getTime() }));
  const all = new Map<string, number>();
  const byCohort = new Map<string, Map<string, number>>();
  for (const row of pop) {
    if (row.score <= 0) continue;
    all.set(row.contentId, (all.get(row.contentId) ?? 0) + row.score);
    if (!row.cohort) continue;
    let m = byCohort.get(row.cohort);
    if (!m) byCohort.set(row.cohort, (m = new Map()));
    m.set(row.contentId, row.score);
  }
  return { catalog, byId: new Map(catalog.map((c) => [c.id, c])), popularity: { all, byCohort } };
}

const holder = globalThis as typeof globalThis & { __praxisRecsSnapshot?: TtlCache<Snapshot> };
function snapshot(): Promise<Snapshot> {
  holder.__praxisRecsSnapshot ??= ttlCache(loadSnapshot, () => 300);
  return holder.__praxisRecsSnapshot.get();
}
/** New items or events from this process show at once in its own feed. */
export const invalidateRecsSnapshot = () => holder.__praxisRecsSnapshot?.invalidate();

/** A user's net interest per item from their most recent events (bounded, so a heavy user costs the same). */
export const HISTORY_EVENTS = 2_000;

async function userHistory(
  userId: string,
  byId: Map<string, CatalogEntry>,
): Promise<UserHistory & { positive: string[] }> {
  const recent = db()
    .select({ contentId: recsEvents.contentId, eventType: recsEvents.eventType, ts: recsEvents.ts })
    .from(recsEvents)
    .where(and(eq(recsEvents.userId, userId), gte(recsEvents.ts, sql`now() - interval '365 days'`)))
    .orderBy(desc(recsEvents.ts))
    .limit(HISTORY_EVENTS)
    .as("recent");
  const [rows, [profile]] = await Promise.all([
    db()
      .select({
        contentId: recent.contentId,
        signal: sql<number>`sum(${weightOf(recent.eventType)})::float8`,
        finishedAt: sql<string | null>`max(case when ${recent.eventType} = 'complete' then ${recent.ts} end)`,
        lastAt: sql<string>`max(${recent.ts})`,
      })
      .from(recent)
      .groupBy(recent.contentId),
    db().select({ cohort: recsProfiles.cohort }).from(recsProfiles).where(eq(recsProfiles.userId, userId)),
  ]);
  const finishedRows = rows
    .filter((r) => r.finishedAt !== null)
    .sort((a, b) => new Date(b.finishedAt!).getTime() - new Date(a.finishedAt!).getTime());
  return {
    signals: new Map(rows.map((r) => [r.contentId, r.signal])),
    finished: new Set(finishedRows.map((r) => r.contentId)),
    recentFinished: finishedRows
      .slice(0, 10)
      .map((r) => byId.get(r.contentId))
      .filter((c): c is CatalogEntry => c !== undefined),
    cohort: profile?.cohort ?? null,
    positive: rows
      .filter((r) => r.signal > 0)
      .sort((a, b) => new Date(b.lastAt).getTime() - new Date(a.lastAt).getTime())
      .map((r) => r.contentId),
  };
}

/** Whose feed a request is about: one's own, or anyone's for an admin (403 otherwise, 404 if unknown). */
export async function recommendationsFor(caller: PublicUser, userId: string, k: number) {
  if (userId !== caller.id && caller.role !== "admin")
    throw new RecsError(403, "You can only see your own recommendations", [
      { path: "userId", message: "Not the authenticated user" },
    ]);
  if (userId !== caller.id && !(await getUserById(userId))) throw new RecsError(404, "No such user", []);
  const [snap, served] = await Promise.all([snapshot(), servedModel()]);
  const history = await userHistory(userId, snap.byId);
  const now = Date.now();
  const fromModel = served && modelRecommendations(served, snap, history, userId, k, now);
  const recs = fromModel ?? recommendBaseline(snap.catalog, history, snap.popularity, k, now);
  return {
    user_id: userId,
    model: fromModel ? `two-tower v${served!.version}` : "baseline",
    items: recs.map((r) => {
      const c = snap.byId.get(r.id)!;
      return {
        content_id: r.id,
        title: c.title,
        type: c.type,
        tags: c.tags,
        score: r.score,
        reason: r.reason,
      };
    }),
  };
}

// Items deleted since the index was built are never served: found once per (index, catalog snapshot).
const gone = new WeakMap<ServedModel, { snap: Snapshot; ids: string[] }>();
function goneItems(served: ServedModel, snap: Snapshot): string[] {
  const known = gone.get(served);
  if (known?.snap === snap) return known.ids;
  const ids = served.rows.filter((r) => r.deleted || !snap.byId.has(r.id)).map((r) => r.id);
  gone.set(served, { snap, ids });
  return ids;
}

/**
 * The trained path: retrieve from the index, rank, diversify, explain. Null for a user the model cannot
 * place (no history, no cohort): they get the baseline's cohort popularity.
 */
function modelRecommendations(
  served: ServedModel,
  snap: Snapshot,
  history: UserHistory & { positive: string[] },
  userId: string,
  k: number,
  now: number,
): Recommendation[] | null {
  const exclude = new Set([...history.finished, ...goneItems(served, snap)]);
  for (const [id, signal] of history.signals) if (signal < 0) exclude.add(id);
  const out = retrieveAndRank(
    served.bundle,
    served.index,
    served.offsets,
    served.rows,
    { userId, history: history.positive, cohort: history.cohort, exclude },
    { candidates: Math.max(100, 5 * k), now, rowOf: served.rowOf },
  );
  if (!out || out.ranked.length === 0) return null;
  const picked = diversify(out.ranked, served.rows, k);
  const reasonFor = reasonMaker(snap.byId, history, snap.popularity, now);
  const top = picked[0]!.score;
  const bottom = Math.min(...out.ranked.slice(0, 50).map((c) => c.score));
  return picked.map((c) => ({
    id: served.rows[c.row]!.id,
    // The ranker's score scaled to 0–1 over the user's top candidates.
    score: Math.round((top > bottom ? (c.score - bottom) / (top - bottom) : 1) * 1e4) / 1e4,
    reason: reasonFor(snap.byId.get(served.rows[c.row]!.id)!),
  }));
}
