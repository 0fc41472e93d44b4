import { beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "../../db/client";
import { createUser } from "../../app/modules/auth/users.server";
import { loadSnippets, defaultCorpus } from "../../app/modules/typing/corpus.server";
import { nextSnippets } from "../../app/modules/typing/next-snippets.server";
import { recordSimulatedHistory } from "../../app/modules/typing/simulated-history.server";
import { invalidateSnippetIndex } from "../../app/modules/typing/snippet-index.server";
import {
  activeModel,
  invalidateActiveModel,
  modelVersions,
  trainTypingRanker,
} from "../../app/modules/typing/training.server";

beforeAll(async () => {
  // Word snippets only keep the test quick; the trainer reads whatever the corpus holds.
  const words = (await defaultCorpus()).filter((c) => c.mode === "words");
  await loadSnippets(words);
  invalidateSnippetIndex();
});

describe("typing.train", () => {
  it("refuses to train without enough sessions and records why", async () => {
    const user = await createUser({
      email: "few@example.test",
      displayName: "F",
      password: "long-password-1",
    });
    await recordSimulatedHistory(user.id, { sessions: 3, seed: 1 });
    const outcome = await trainTypingRanker();
    expect(outcome.status).toBe("insufficient-data");
    expect(outcome.reason).toMatch(/Not enough data/);
    const versions = await modelVersions();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ status: "rejected", trees: 0 });
    expect(versions[0]!.metrics.ndcg).toBeNull();
  });

  it("trains on telemetry, evaluates against the baselines on a time hold-out, and gates activation", async () => {
    for (let u = 0; u < 8; u++) {
      const user = await createUser({
        email: `sim${u}@example.test`,
        displayName: `S${u}`,
        password: "long-password-1",
      });
      await recordSimulatedHistory(user.id, { sessions: 8, seed: 100 + u });
    }
    const outcome = await trainTypingRanker();
    expect(["active", "rejected"]).toContain(outcome.status);
    expect(outcome.trainQueries).toBeGreaterThanOrEqual(30);
    const { ndcg } = outcome.evaluation!;
    for (const v of Object.values(ndcg)) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const best = Math.max(ndcg.random, ndcg.difficultyMatch, ndcg.weakestKeyHeuristic);
    // The gate: active exactly when the model beat the best baseline (no model was active before).
    expect(outcome.status === "active").toBe(ndcg.model! > best);
    const [stored] = await modelVersions();
    expect(stored).toMatchObject({ id: outcome.id, status: outcome.status, reason: outcome.reason });
    expect(stored!.trees).toBeGreaterThan(0);
    expect(stored!.dataWindow.users as number).toBe(9);

    invalidateActiveModel();
    const active = await activeModel();
    expect(active?.id ?? null).toBe(outcome.status === "active" ? outcome.id : null);
  });

  it("serves with the active model when there is one", async () => {
    // Force a known active model: promote the stored version, as a successful run would.
    const [latest] = await modelVersions();
    await getDbHandle().sql`update typing_model_versions set status = 'retired' where status = 'active'`;
    await getDbHandle().sql`update typing_model_versions set status = 'active' where id = ${latest!.id}`;
    invalidateActiveModel();
    const user = await createUser({
      email: "served@example.test",
      displayName: "V",
      password: "long-password-1",
    });
    await recordSimulatedHistory(user.id, { sessions: 2, seed: 999 });
    const next = await nextSnippets(user.id, "words", 5);
    expect(next.policy).toBe("model");
    expect(next.modelId).toBe(latest!.id);
    expect(next.snippets).toHaveLength(5);
    expect(new Set(next.snippets.map((s) => s.id)).size).toBe(5);
  });
});
