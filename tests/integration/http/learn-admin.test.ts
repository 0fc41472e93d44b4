import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../support/wait";
import { adminCookie, call, closeServerDb, createToken, serverDb, signup } from "../../support/http";

afterAll(closeServerDb);

interface Learner {
  userId: string;
  totalReviews: number;
  reviewsSinceOptimized: number;
  runAt: string | null;
  adopted: boolean | null;
  reason: string | null;
}

async function learner() {
  const { cookie } = await signup();
  const token = await createToken(cookie);
  const me = (await (await call("/api/me", { token })).json()) as { user: { id: string } };
  await call("/api/v1/learn/profile", { method: "PUT", token, json: { cefr_level: "A1", timezone: "UTC" } });
  const queue = (await (await call("/api/v1/progress/queue", { token })).json()) as {
    items: { word_id: number }[];
  };
  const review = await call("/api/v1/progress/review", {
    token,
    json: { word_id: queue.items[0]!.word_id, rating: 2 },
  });
  expect(review.status).toBe(201);
  return { token, userId: me.user.id };
}

async function overview(cookie: string): Promise<Learner[]> {
  const response = await call("/api/admin/learn/optimization", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { learners: Learner[] }).learners;
}

describe("/api/admin/learn/optimization", () => {
  it("is for admins only", async () => {
    const { token, userId } = await learner();
    expect((await call("/api/admin/learn/optimization", { token })).status).toBe(403);
    expect((await call("/api/admin/learn/optimization", { token, json: {} })).status).toBe(403);
    expect((await call(`/api/admin/learn/optimization/${userId}`, { token, json: {} })).status).toBe(403);
  });

  it("lists each learner, queues one learner's run, and shows its outcome", async () => {
    const cookie = await adminCookie();
    const { userId } = await learner();
    const before = (await overview(cookie)).find((l) => l.userId === userId)!;
    expect(before).toMatchObject({ totalReviews: 1, reviewsSinceOptimized: 1, runAt: null, adopted: null });

    const queued = await call(`/api/admin/learn/optimization/${userId}`, { cookie, json: {} });
    expect(queued.status).toBe(202);
    expect(((await queued.json()) as { jobId: string | null }).jobId).toEqual(expect.any(String));
    const after = await waitFor("the run to show", async () => {
      const row = (await overview(cookie)).find((l) => l.userId === userId)!;
      return row.runAt ? row : null;
    });
    expect(after).toMatchObject({ adopted: false, reviewsSinceOptimized: 0 });
    expect(after.reason).toMatch(/Not enough reviews yet/);
    const sql = await serverDb();
    const [runs] = await sql`select count(*)::int as n from learn_fsrs_runs where user_id = ${userId}`;
    expect(runs!.n).toBe(1);
  });

  it("queues the everyone run, and answers 404 for a user who is not a learner or not an id", async () => {
    const cookie = await adminCookie();
    const all = await call("/api/admin/learn/optimization", { cookie, json: {} });
    expect(all.status).toBe(202);
    const unknown = await call(`/api/admin/learn/optimization/${randomUUID()}`, { cookie, json: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await call("/api/admin/learn/optimization/not-a-uuid", { cookie, json: {} })).status).toBe(404);
    expect((await call("/api/admin/learn/optimization", { cookie, method: "DELETE" })).status).toBe(405);
  });
});
