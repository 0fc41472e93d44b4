import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookie, call, closeServerDb, createToken, serverDb, signup } from "../../support/http";
import { waitFor } from "../../support/wait";

afterAll(closeServerDb);

let items: string[] = [];
beforeAll(async () => {
  // The catalog is seeded straight into the server's database until the library has its own loader.
  const sql = await serverDb();
  const rows = await sql<{ id: string }[]>`
    insert into content_items (type, title, description, difficulty, duration_min)
    values ('article', 'Binary search', 'Halving', 2, 5), ('video', 'Flagging', 'Balance', 3, 8)
    returning id`;
  items = rows.map((r) => r.id);
});

async function learner() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  return { token, id: me.user.id };
}
const event = (userId: string, extra: Record<string, unknown> = {}) => ({
  user_id: userId,
  content_id: items[0],
  event_type: "click",
  ts: new Date(Date.now() - 60_000).toISOString(),
  ...extra,
});
const countFor = async (userId: string) => {
  const sql = await serverDb();
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from recs_events where user_id = ${userId}`;
  return row!.n;
};

describe("POST /api/events", () => {
  it("stores one event or a batch, durably, and is idempotent on client_event_id", async () => {
    const me = await learner();
    const one = await call("/api/events", { token: me.token, json: event(me.id, { client_event_id: "a" }) });
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({ received: 1, stored: 1, duplicates: 0 });
    const batch = await call("/api/events", {
      token: me.token,
      json: [
        event(me.id, { client_event_id: "a" }),
        event(me.id, {
          client_event_id: "b",
          event_type: "complete",
          dwell_ms: 300_000,
          content_id: items[1],
        }),
        event(me.id, { event_type: "quiz_answer", value: 1 }),
      ],
    });
    expect(await batch.json()).toEqual({ received: 3, stored: 2, duplicates: 1 });
    expect(await countFor(me.id)).toBe(3);
  });

  it("refuses a whole batch when any event is bad, naming each by its index", async () => {
    const me = await learner();
    const r = await call("/api/events", {
      token: me.token,
      json: [
        event(me.id),
        event(me.id, { event_type: "hover" }),
        event(me.id),
        event(me.id, { dwell_ms: -5 }),
      ],
    });
    expect(r.status).toBe(400);
    const { errors } = (await r.json()) as { errors: { path: string; message: string }[] };
    expect(errors.map((e) => e.path)).toEqual(["1.event_type", "3.dwell_ms"]);
    expect(errors[0]!.message).toMatch(/Unknown event type "hover"/);
    expect(await countFor(me.id)).toBe(0);
  });

  it("answers unknown items and users with 422 by index, and stores nothing", async () => {
    const cookie = await adminCookie();
    const me = await learner();
    const r = await call("/api/events", {
      cookie,
      json: [event(me.id), event(me.id, { content_id: randomUUID() }), event(randomUUID())],
    });
    expect(r.status).toBe(422);
    const { errors } = (await r.json()) as { errors: { path: string; message: string }[] };
    expect(errors).toEqual([
      { path: "1.content_id", message: "No such content item" },
      { path: "2.user_id", message: "No such user" },
    ]);
    expect(await countFor(me.id)).toBe(0);
  });

  it("forbids another learner's events (403) but lets an admin send them", async () => {
    const me = await learner();
    const other = await learner();
    const r = await call("/api/events", { token: me.token, json: [event(me.id), event(other.id)] });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { errors: { path: string }[] }).errors).toEqual([
      { path: "1.user_id", message: "You can only send your own events" },
    ]);
    expect(await countFor(me.id)).toBe(0);
    const cookie = await adminCookie();
    expect((await call("/api/events", { cookie, json: event(other.id) })).status).toBe(200);
  });

  it("refuses batches over 1,000, empty batches and future timestamps", async () => {
    const me = await learner();
    const big = await call("/api/events", {
      token: me.token,
      json: Array.from({ length: 1001 }, () => event(me.id)),
    });
    expect(big.status).toBe(400);
    expect(JSON.stringify(await big.json())).toMatch(/at most 1000 events|at most 1,000 events/);
    expect((await call("/api/events", { token: me.token, json: [] })).status).toBe(400);
    const future = await call("/api/events", {
      token: me.token,
      json: event(me.id, { ts: new Date(Date.now() + 3_600_000).toISOString() }),
    });
    expect(future.status).toBe(400);
    expect(await countFor(me.id)).toBe(0);
  });

  it("takes a full batch of 1,000 in one request", async () => {
    const me = await learner();
    const batch = Array.from({ length: 1000 }, (_, i) =>
      event(me.id, { client_event_id: `e${i}`, content_id: items[i % 2] }),
    );
    const r = await call("/api/events", { token: me.token, json: batch });
    expect(await r.json()).toEqual({ received: 1000, stored: 1000, duplicates: 0 });
    expect(await countFor(me.id)).toBe(1000);
  });
});

describe("GET /api/recommend/:userId", () => {
  it("recommends with reasons, excludes finished items, and follows what the user does", async () => {
    const me = await learner();
    const cold = await call(`/api/recommend/${me.id}?k=2`, { token: me.token });
    expect(cold.status).toBe(200);
    const first = (await cold.json()) as { model: string; items: { content_id: string; reason: string }[] };
    expect(first.model).toBe("baseline");
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.items.every((i) => i.reason.length > 0)).toBe(true);
    // Finishing an item removes it and gives the next list a "because you finished" reason.
    const done = first.items[0]!.content_id;
    await call("/api/events", {
      token: me.token,
      json: event(me.id, { content_id: done, event_type: "complete" }),
    });
    const after = (await (await call(`/api/recommend/${me.id}?k=10`, { token: me.token })).json()) as {
      items: { content_id: string; reason: string }[];
    };
    expect(after.items.map((i) => i.content_id)).not.toContain(done);
  });

  it("validates k, and keeps feeds private (403), with 404 for an unknown user", async () => {
    const me = await learner();
    const other = await learner();
    for (const k of ["0", "101", "abc", "2.5"]) {
      const r = await call(`/api/recommend/${me.id}?k=${k}`, { token: me.token });
      expect(r.status, k).toBe(400);
      expect(((await r.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("k");
    }
    expect((await call(`/api/recommend/${other.id}`, { token: me.token })).status).toBe(403);
    const cookie = await adminCookie();
    expect((await call(`/api/recommend/${other.id}?k=3`, { cookie })).status).toBe(200);
    expect((await call(`/api/recommend/${randomUUID()}`, { cookie })).status).toBe(404);
    expect((await call("/api/recommend/not-a-uuid", { cookie })).status).toBe(404);
  });
});

describe("recs admin: train, reindex, models", () => {
  it("refuses learners (403) and queues jobs for admins (202 + job id), whose progress the jobs API shows", async () => {
    const me = await learner();
    for (const [method, path] of [
      ["POST", "/api/admin/train"],
      ["POST", "/api/admin/reindex"],
      ["GET", "/api/admin/recs/models"],
    ] as const) {
      const r = await call(path, { method, token: me.token });
      expect(r.status, path).toBe(403);
      expect(r.headers.get("content-type")).toMatch(/application\/problem\+json/);
    }
    const cookie = await adminCookie();
    expect((await call("/api/admin/train", { cookie })).status).toBe(405);
    const train = await call("/api/admin/train", { method: "POST", cookie });
    expect(train.status).toBe(202);
    const { jobId } = (await train.json()) as { jobId: string };
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    // This server's library is a handful of items: training says so instead of storing a model.
    const done = await waitFor(
      "recs.train to finish",
      async () => {
        const job = (await (await call(`/api/admin/jobs/${jobId}`, { cookie })).json()) as {
          state: string;
          progress: number | null;
          message: string | null;
        };
        return job.state === "completed" || job.state === "failed" ? job : null;
      },
      60_000,
    );
    expect(done).toMatchObject({ state: "completed", progress: 1 });
    expect(done.message).toMatch(/^not enough data: Training needs at least 20 users/);

    const reindex = await call("/api/admin/reindex", { method: "POST", cookie });
    expect(reindex.status).toBe(202);
    const reindexId = ((await reindex.json()) as { jobId: string }).jobId;
    const indexed = await waitFor(
      "recs.reindex to finish",
      async () => {
        const job = (await (await call(`/api/admin/jobs/${reindexId}`, { cookie })).json()) as {
          state: string;
          message: string | null;
        };
        return job.state === "completed" ? job : null;
      },
      60_000,
    );
    expect(indexed.message).toMatch(/no active model/);

    const report = (await (await call("/api/admin/recs/models", { cookie })).json()) as {
      models: unknown[];
      serving: { model: string };
      jobs: { train: { id: string }[]; reindex: { id: string }[] };
    };
    expect(report.models).toEqual([]);
    expect(report.serving.model).toBe("baseline");
    expect(report.jobs.train.map((j) => j.id)).toContain(jobId);
    expect(report.jobs.reindex.map((j) => j.id)).toContain(reindexId);
  });
});
