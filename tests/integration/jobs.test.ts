import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "../../db/client";
import { sessions } from "../../db/schema";
import { getBoss, startBoss, stopBoss } from "../../jobs/boss";
import { deadLetterName, queues, type QueueDefinition } from "../../jobs/registry";
import { queueSummaries, recentFailures, retryJob } from "../../app/modules/admin/jobs.server";
import { createSession, getSessionUser } from "../../app/modules/auth/sessions.server";
import { createUser } from "../../app/modules/auth/users.server";
import { waitFor } from "../support/wait";

let attempts = 0;
const failing: QueueDefinition = {
  name: "test.always-fails",
  description: "fails every time",
  retryLimit: 2,
  retryDelay: 1,
  retryBackoff: true,
  expireInSeconds: 30,
  batchSize: 5,
  handler: async () => {
    attempts++;
    throw new Error("the handler broke on purpose");
  },
};

beforeAll(async () => {
  await startBoss({ url: getDbHandle().url, work: true, queues: [...queues, failing] });
});
afterAll(() => stopBoss(5000));

async function jobState(id: string) {
  const [row] = await getDbHandle().sql<{ state: string; retry_count: number; retry_backoff: boolean }[]>`
    select state::text as state, retry_count, retry_backoff from pgboss.job where id = ${id}`;
  return row;
}

describe("pg-boss queues", () => {
  it("declares every registry queue with its dead-letter queue and cron", async () => {
    const boss = getBoss();
    for (const q of queues) {
      const queue = await boss.getQueue(q.name);
      expect(queue).toMatchObject({
        name: q.name,
        retryLimit: q.retryLimit,
        deadLetter: deadLetterName(q.name),
      });
      expect(await boss.getQueue(deadLetterName(q.name))).not.toBeNull();
      if (q.cron)
        expect((await boss.getSchedules(q.name))[0]).toMatchObject({ cron: q.cron, timezone: "UTC" });
    }
  });

  it("retries a throwing handler with backoff, then dead-letters it and shows it to admins", async () => {
    const id = (await getBoss().send(failing.name, { n: 1 }))!;
    const failed = await waitFor(
      "the job to fail for good",
      async () => {
        const s = await jobState(id);
        return s?.state === "failed" ? s : null;
      },
      25_000,
    );
    expect(failed.retry_count).toBe(2);
    expect(failed.retry_backoff).toBe(true);
    expect(attempts).toBe(3);
    const dead = await waitFor("the dead letter", async () =>
      (await queueSummaries()).find((q) => q.name === deadLetterName(failing.name) && q.counts.created > 0),
    );
    expect(dead.counts.created).toBe(1);
    const failures = await recentFailures();
    expect(failures.find((f) => f.id === id)).toMatchObject({
      name: failing.name,
      state: "failed",
      error: "the handler broke on purpose",
    });

    expect(await retryJob(failing.name, id)).toBe(true);
    await waitFor("the retried job to run again", () => attempts > 3);
  });

  it("runs auth.purge-expired-sessions: expired sessions go, live ones stay", async () => {
    const user = await createUser({
      email: "purge@example.test",
      displayName: "P",
      password: "long-password-1",
    });
    const live = await createSession(user.id, 30);
    const old = await createSession(user.id, 30);
    const { sql } = getDbHandle();
    const oldId = (await getSessionUser(old, 30))!.sessionId;
    await sql`update sessions set expires_at = now() - interval '1 hour' where id = ${oldId}`;
    const id = (await getBoss().send("auth.purge-expired-sessions", {}))!;
    await waitFor("the purge job to complete", async () => (await jobState(id))?.state === "completed");
    const remaining = await getDbHandle().db.select({ id: sessions.id }).from(sessions);
    expect(remaining.map((r) => r.id)).not.toContain(oldId);
    expect(await getSessionUser(live, 30)).not.toBeNull();
  });
});
