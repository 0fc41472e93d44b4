import type { Job } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "../../db/client";
import { getBoss, startBoss, stopBoss } from "../../jobs/boss";
import { deadLetterName, queues } from "../../jobs/registry";
import { typingEnrich } from "../../jobs/typing-enrich";
import { recentFailures } from "../../app/modules/admin/jobs.server";
import { createUser } from "../../app/modules/auth/users.server";
import { loadSnippets } from "../../app/modules/typing/corpus.server";
import { enrichRaw } from "../../app/modules/typing/enrichment.server";
import { startSession } from "../../app/modules/typing/sessions.server";
import { ENRICH_QUEUE, ingestTelemetry, sweepUnenriched } from "../../app/modules/typing/telemetry.server";
import type { TelemetryInput } from "../../app/modules/typing/schemas";
import { waitFor } from "../support/wait";

let userId: string;
let sessionId: string;
let snippetId: string;

beforeAll(async () => {
  // Queues exist (ingest sends to them) but no worker runs, so each test drives enrichment itself.
  await startBoss({ url: getDbHandle().url, work: false });
  userId = (await createUser({ email: "typist@example.test", displayName: "T", password: "long-password-1" }))
    .id;
  sessionId = (await startSession(userId, "sentences")).id;
  const report = await loadSnippets([
    { text: "The quick brown fox jumps over the lazy dog.", mode: "sentences", source: "test" },
  ]);
  expect(report.added).toBe(1);
  const [row] = await getDbHandle().sql`select id from snippets limit 1`;
  snippetId = row!.id;
});
afterAll(() => stopBoss(5000));

function input(extra: Partial<TelemetryInput> = {}): TelemetryInput {
  const text = "The quick";
  return {
    snippet: {
      snippet_id: snippetId,
      session_id: sessionId,
      wpm: 40,
      accuracy: 0.9,
      position: 0,
      difficulty: 5,
      started_at: "2026-11-20T10:00:00Z",
      completed_at: "2026-11-20T10:00:05Z",
    },
    user_state: { user_id: userId },
    keystrokes: [...text].map((c, i) => ({
      key: i === 4 ? "w" : c,
      expected: c,
      t: 100 * (i + 1),
      correct: i !== 4,
    })),
    ...extra,
  };
}

describe("typing enrichment", () => {
  it("is idempotent: a second run changes nothing", async () => {
    const { raw_id } = await ingestTelemetry(userId, input());
    expect(await enrichRaw(raw_id)).toBe("enriched");
    const { sql } = getDbHandle();
    const before =
      await sql`select gram, hits, misses, ema_ms from typing_key_stats where user_id = ${userId} order by gram`;
    expect(await enrichRaw(raw_id)).toBe("already-enriched");
    expect(
      await sql`select gram, hits, misses, ema_ms from typing_key_stats where user_id = ${userId} order by gram`,
    ).toEqual(before);
    expect(await sql`select count(*)::int as n from snippet_usage where raw_id = ${raw_id}`).toEqual([
      { n: 1 },
    ]);
    // "q" (index 4) was mistyped as "w"; "u" followed a miss, so it has no timing.
    expect(before.find((r) => r.gram === "q")).toMatchObject({ hits: 0, misses: 1 });
    expect(before.find((r) => r.gram === "h")).toMatchObject({ hits: 1, misses: 0, ema_ms: 100 });
    expect(await enrichRaw("00000000-0000-4000-8000-000000000000")).toBe("missing");
  });

  it("keeps the row when enqueueing fails, and the sweeper enqueues it later", async () => {
    await stopBoss(2000);
    const result = await ingestTelemetry(userId, input({ client_event_id: "offline-1" }));
    expect(result).toMatchObject({ enqueued: false, job_id: null });
    await startBoss({ url: getDbHandle().url, work: false });
    const { sql } = getDbHandle();
    expect(await sweepUnenriched(60)).toBe(0); // too recent to sweep
    await sql`update telemetry_snippet_raw set received_at = now() - interval '10 minutes' where id = ${result.raw_id}`;
    expect(await sweepUnenriched(60)).toBeGreaterThanOrEqual(1);
    const [job] =
      await sql`select data from pgboss.job where name = ${ENRICH_QUEUE} and data->>'rawId' = ${result.raw_id}`;
    expect(job).toBeDefined();
  });

  it("retries a crashing enrichment with backoff, dead-letters it, shows it to admins and keeps the raw row", async () => {
    await stopBoss(2000);
    const enrich = queues.find((q) => q.name === ENRICH_QUEUE)!;
    // Same queue and handler, shorter delays so the test does not wait out production backoff.
    await startBoss({
      url: getDbHandle().url,
      work: true,
      queues: [{ ...enrich, retryDelay: 1, retryLimit: 2 }],
    });
    const { sql } = getDbHandle();
    const [raw] =
      await sql`insert into telemetry_snippet_raw (user_id, payload) values (${userId}, ${JSON.stringify({ snippet: "corrupt" })}::jsonb) returning id`;
    const jobId = await getBoss().send(ENRICH_QUEUE, { rawId: raw!.id });
    await waitFor(
      "the dead letter",
      async () =>
        (
          await sql`select 1 from pgboss.job where name = ${deadLetterName(ENRICH_QUEUE)} and data->>'rawId' = ${raw!.id}`
        ).length > 0,
      30_000,
    );
    const [failed] =
      await sql`select state::text as state, retry_count, retry_backoff from pgboss.job where id = ${jobId}`;
    expect(failed).toMatchObject({ state: "failed", retry_count: 2, retry_backoff: true });
    expect((await recentFailures()).map((f) => f.id)).toContain(jobId);
    expect(await sql`select enriched_at from telemetry_snippet_raw where id = ${raw!.id}`).toEqual([
      { enriched_at: null },
    ]);
    await sql`update telemetry_snippet_raw set received_at = now() - interval '10 minutes' where id = ${raw!.id}`;
    // The sweeper leaves a dead-lettered row for an admin instead of looping on it.
    const before = (
      await sql`select count(*)::int as n from pgboss.job where name = ${ENRICH_QUEUE} and data->>'rawId' = ${raw!.id}`
    )[0]!.n;
    await sweepUnenriched(60);
    expect(
      (
        await sql`select count(*)::int as n from pgboss.job where name = ${ENRICH_QUEUE} and data->>'rawId' = ${raw!.id}`
      )[0]!.n,
    ).toBe(before);
  });

  it("a bad job does not stop the rest of its batch: every good row is enriched, then the batch fails", async () => {
    const first = await ingestTelemetry(userId, input());
    const last = await ingestTelemetry(userId, input());
    const job = (id: string, data: unknown) => ({ id, name: ENRICH_QUEUE, data }) as Job<unknown>;
    await expect(
      typingEnrich([job("a", { rawId: first.raw_id }), job("b", {}), job("c", { rawId: last.raw_id })]),
    ).rejects.toThrow("1 of 3 failed: job b: no rawId");
    const { sql } = getDbHandle();
    const rows = await sql`select id from telemetry_snippet_raw
      where id in ${sql([first.raw_id, last.raw_id])} and enriched_at is not null`;
    expect(rows).toHaveLength(2);
  });
});
