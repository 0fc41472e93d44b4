import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { contentItems, recsEvents, recsIndexes, recsModels, recsProfiles, users } from "../../db/schema";
import { createUser } from "../../app/modules/auth/users.server";
import { buildModelIndex, reindexActive } from "../../app/modules/recs/index-build.server";
import { runTraining } from "../../app/modules/recs/model-training.server";
import { invalidateServedModel, servedModel } from "../../app/modules/recs/model-serving.server";
import { invalidateRecsSnapshot, recommendationsFor } from "../../app/modules/recs/recommend.server";
import { loadSample } from "../../app/modules/recs/sample-loader.server";
import type { TrainingMetrics } from "../../app/modules/recs/model-training";

const fresh = () => {
  invalidateServedModel();
  invalidateRecsSnapshot();
};

afterAll(() => {
  delete process.env.RECS_ANN_THRESHOLD;
});

describe("recs training, activation, reindex and serving", () => {
  it("refuses to train on too little data, and the feed stays the baseline", async () => {
    await loadSample({ users: 15, items: 20, events: 150, seed: 3 });
    const outcome = await runTraining(null);
    expect(outcome.status).toBe("not-enough-data");
    expect(outcome.reason).toMatch(/at least 20 users/);
    expect(await db().select().from(recsModels)).toHaveLength(0);
    const learner = await createUser({
      email: "few@example.com",
      displayName: "Few",
      password: "correct horse 1",
    });
    fresh();
    expect((await recommendationsFor(learner, learner.id, 5)).model).toBe("baseline");
  });

  it("activates a model that beats the baseline, with its index, and serves it", async () => {
    await db().delete(contentItems);
    await loadSample({ users: 300, items: 120, events: 15_000, seed: 42 });
    const progress: number[] = [];
    const outcome = await runTraining("job-1", {}, (f) => progress.push(f));
    expect(outcome.status).toBe("activated");
    const m = outcome.metrics as TrainingMetrics;
    expect(m.served.ndcg).toBeGreaterThan(m.baseline.ndcg);
    expect(m.evalUsers).toBeGreaterThanOrEqual(10);
    expect(progress.at(-1)).toBeGreaterThan(0.9);
    const [row] = await db().select().from(recsModels);
    expect(row).toMatchObject({ status: "active", version: outcome.version, jobId: "job-1" });
    expect(row!.activatedAt).not.toBeNull();
    const [index] = await db().select().from(recsIndexes);
    expect(index).toMatchObject({ modelId: row!.id, kind: "exact", itemCount: 120, recallAt10: 1 });

    fresh();
    const served = await servedModel();
    expect(served?.version).toBe(outcome.version);
    // A sample user with history gets the model's list: finished items excluded, every item explained.
    const [someone] = await db()
      .select({ id: recsEvents.userId, n: sql<number>`count(*)::int` })
      .from(recsEvents)
      .where(eq(recsEvents.eventType, "complete"))
      .groupBy(recsEvents.userId)
      .orderBy(sql`count(*) desc`)
      .limit(1);
    const [person] = await db().select().from(users).where(eq(users.id, someone!.id));
    const feed = await recommendationsFor({ ...person!, role: "learner" } as never, someone!.id, 10);
    expect(feed.model).toBe(`two-tower v${outcome.version}`);
    expect(feed.items).toHaveLength(10);
    const finished = await db()
      .select({ id: recsEvents.contentId })
      .from(recsEvents)
      .where(sql`${recsEvents.userId} = ${someone!.id} and ${recsEvents.eventType} = 'complete'`);
    const done = new Set(finished.map((f) => f.id));
    expect(done.size).toBeGreaterThan(0);
    for (const item of feed.items) {
      expect(done.has(item.content_id)).toBe(false);
      expect(item.reason.length).toBeGreaterThan(5);
      expect(item.score).toBeGreaterThanOrEqual(0);
      expect(item.score).toBeLessThanOrEqual(1);
    }
    // Personalised: two sample users in different cohorts get different lists.
    const cohorts = await db().select().from(recsProfiles);
    const a = cohorts.find((c) => c.cohort === "climber")!;
    const b = cohorts.find((c) => c.cohort === "engineer")!;
    const admin = { id: "admin", role: "admin" } as never;
    const la = (await recommendationsFor(admin, a.userId, 10)).items.map((i) => i.content_id);
    const lb = (await recommendationsFor(admin, b.userId, 10)).items.map((i) => i.content_id);
    expect(la).not.toEqual(lb);

    // A brand-new user with no history and no cohort gets the baseline's popularity.
    const newcomer = await createUser({
      email: "new@example.com",
      displayName: "New",
      password: "correct horse 1",
    });
    expect((await recommendationsFor(newcomer, newcomer.id, 5)).model).toBe("baseline");
  }, 120_000);

  it("rejects a retrain that does not beat the active model, and keeps serving the active one", async () => {
    const before = await servedModel();
    const outcome = await runTraining(null);
    expect(outcome.status).toBe("rejected");
    expect(outcome.reason).toMatch(/does not beat (active v\d+|the baseline)/);
    expect((outcome.metrics as TrainingMetrics).active).not.toBeNull();
    const rows = await db().select().from(recsModels).orderBy(recsModels.version);
    expect(rows.map((r) => r.status)).toEqual(["active", "rejected"]);
    fresh();
    expect((await servedModel())?.version).toBe(before?.version);
  }, 120_000);

  it("reindex embeds a new item from its features, and builds HNSW above the threshold", async () => {
    const [item] = await db()
      .insert(contentItems)
      .values({
        type: "video",
        title: "Brand new climbing drills",
        description: "Footwork drills",
        tags: ["climbing", "technique"],
        difficulty: 2,
        durationMin: 10,
      })
      .returning();
    const exact = await reindexActive("job-2");
    expect(exact).toMatchObject({ kind: "exact", items: 121, recallAt10: 1 });
    fresh();
    const served = await servedModel();
    const row = served!.rowOf.get(item!.id)!;
    expect(row).toBeDefined();
    const dim = served!.bundle.twoTower.dim;
    const vector = (served!.index as unknown as { matrix: Float32Array }).matrix.subarray(
      row * dim,
      (row + 1) * dim,
    );
    expect(Math.hypot(...vector)).toBeCloseTo(1, 4);

    process.env.RECS_ANN_THRESHOLD = "50";
    const [active] = await db().select().from(recsModels).where(eq(recsModels.status, "active"));
    const hnsw = await buildModelIndex(active!.id, "job-3");
    expect(hnsw.kind).toBe("hnsw");
    expect(hnsw.recallAt10).toBeGreaterThan(0.8);
    fresh();
    const loaded = await servedModel();
    expect(loaded?.index.kind).toBe("hnsw");
    expect(loaded?.indexId).toBe(hnsw.indexId);
    // Only the two newest indexes of a model are kept.
    expect(await db().select({ id: recsIndexes.id }).from(recsIndexes)).toHaveLength(2);
  }, 120_000);
});
