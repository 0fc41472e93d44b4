import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { adminCookie, call, closeServerDb, createToken, serverDb, signup } from "../../support/http";
import { waitFor } from "../../support/wait";

afterAll(closeServerDb);

async function climber() {
  const { cookie } = await signup();
  return createToken(cookie);
}
const readiness = { sleep_hours: 7, energy_level: 4, stress_level: 2 };
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const logged = (extra: Record<string, unknown> = {}) => ({
  ...readiness,
  session_type: "volume",
  planned_duration_min: 60,
  planned_intensity: 6,
  started_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
  ended_at: hourAgo(),
  actual_intensity: 6,
  session_quality: 7,
  ...extra,
});
const errorsOf = async (r: Response) =>
  ((await r.json()) as { errors: { path: string; message: string }[] }).errors;

/** Reads an SSE response into [{event, data}] (the test is its own small parser, independent of the app's). */
async function readEvents(response: Response) {
  const text = await response.text();
  return text
    .trim()
    .split("\n\n")
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)![1]!;
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Record<string, unknown>;
      return { event, data };
    });
}

describe("climb API", () => {
  it("saves a baseline with grades in any scale and shows them back converted", async () => {
    const token = await climber();
    expect((await call("/api/v1/climb/baseline", { token })).status).toBe(404);
    const put = await call("/api/v1/climb/baseline", {
      method: "PUT",
      token,
      json: {
        experience_years: 3,
        boulder_scale: "font",
        max_boulder_grade: "7A",
        route_scale: "yds",
        max_route_grade: "5.12a",
        goals: ["finger_strength"],
        injuries: [{ area: "fingers", status: "active", note: "A2 tweak" }],
        days_per_week: 3,
        minutes_per_session: 100,
        timezone: "America/Denver",
      },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      max_boulder_grade: "7A",
      max_boulder_v: 6,
      max_route_grade: "5.12a",
      max_route_french: "7a+",
    });
    // The active finger injury now rules out hangboard, limit and power endurance.
    const advice = (await (
      await call("/api/v1/recommendations/generate", { token, json: readiness })
    ).json()) as {
      recommendations: {
        constraints: { rule: { name: string } }[];
        recommendation: { session_type: string };
      };
    };
    expect(advice.recommendations.constraints.map((c) => c.rule.name)).toContain("Active finger injury");
    expect(["volume", "technique"]).toContain(advice.recommendations.recommendation.session_type);
  });

  it("refuses grades that are not of the chosen scale, naming the field", async () => {
    const token = await climber();
    const r = await call("/api/v1/climb/baseline", {
      method: "PUT",
      token,
      json: {
        experience_years: 2,
        boulder_scale: "v",
        max_boulder_grade: "7A",
        days_per_week: 3,
        minutes_per_session: 90,
      },
    });
    expect(r.status).toBe(400);
    expect(await errorsOf(r)).toEqual([{ path: "max_boulder_grade", message: "Not a V-scale grade" }]);
  });

  it("plans a session, completes it with actuals, and lists it; deviation is computed", async () => {
    const token = await climber();
    const plan = await call("/api/v1/climb/sessions", {
      token,
      json: {
        ...readiness,
        session_type: "limit_bouldering",
        planned_duration_min: 90,
        planned_intensity: 9,
        planned_exercises: [{ name: "Limit problems", sets: 4 }],
      },
    });
    expect(plan.status).toBe(201);
    const planned = (await plan.json()) as { id: string; status: string; started_at: string };
    expect(planned.status).toBe("planned");
    const done = await call(`/api/v1/climb/sessions/${planned.id}/complete`, {
      token,
      json: {
        actual_session_type: "technique",
        actual_intensity: 4,
        session_quality: 6,
        ended_at: new Date(Date.parse(planned.started_at) + 75 * 60_000).toISOString(),
      },
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      status: "completed",
      actual_session_type: "technique",
      actual_duration_min: 75,
      deviated_from_plan: true,
      session_quality: 6,
    });
    expect(
      (
        await call(`/api/v1/climb/sessions/${planned.id}/complete`, {
          token,
          json: { actual_intensity: 4, session_quality: 6, ended_at: new Date().toISOString() },
        })
      ).status,
    ).toBe(409);
    const list = (await (await call("/api/v1/climb/sessions", { token })).json()) as {
      sessions: { id: string }[];
    };
    expect(list.sessions.map((s) => s.id)).toEqual([planned.id]);
  });

  it("answers each kind of bad session input with the field named, and writes nothing", async () => {
    const token = await climber();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [logged({ sleep_hours: 30 }), "sleep_hours", /between 0 and 16/],
      [logged({ energy_level: 0 }), "energy_level", /between 1 and 5/],
      [logged({ finger_pain: 2.5 }), "finger_pain", /whole number/],
      [logged({ stress_level: undefined }), "stress_level", /Required/],
      [
        logged({ ended_at: new Date(Date.now() - 3 * 3_600_000).toISOString() }),
        "ended_at",
        /end after it starts/,
      ],
      [logged({ session_type: "campus_board" }), "session_type", /Unknown session type "campus_board"/],
      [logged({ session_quality: 11 }), "session_quality", /Rate 1–10/],
    ];
    for (const [json, path, message] of cases) {
      const r = await call("/api/v1/climb/sessions", { token, json });
      expect(r.status, path).toBe(400);
      const errors = await errorsOf(r);
      expect(errors.find((e) => e.path === path)?.message, path).toMatch(message);
    }
    const list = (await (await call("/api/v1/climb/sessions", { token })).json()) as { sessions: unknown[] };
    expect(list.sessions).toEqual([]);
  });

  it("refuses to complete a session with an end before its start", async () => {
    const token = await climber();
    const plan = (await (
      await call("/api/v1/climb/sessions", {
        token,
        json: { ...readiness, session_type: "volume", planned_duration_min: 60, planned_intensity: 6 },
      })
    ).json()) as { id: string; started_at: string };
    const r = await call(`/api/v1/climb/sessions/${plan.id}/complete`, {
      token,
      json: {
        actual_intensity: 6,
        session_quality: 7,
        ended_at: new Date(Date.parse(plan.started_at) - 60_000).toISOString(),
      },
    });
    expect(r.status).toBe(400);
    expect((await errorsOf(r))[0]).toMatchObject({
      path: "ended_at",
      message: expect.stringMatching(/Must be after the start/),
    });
    const sql = await serverDb();
    const [row] = await sql`select status from climbing_sessions where id = ${plan.id}`;
    expect(row!.status).toBe("planned");
  });

  it("forbids another climber's sessions and recommendations (403)", async () => {
    const owner = await climber();
    const other = await climber();
    const created = (await (
      await call("/api/v1/climb/sessions", { token: owner, json: logged() })
    ).json()) as { id: string; user_id: string };
    expect((await call(`/api/v1/climb/sessions/${created.id}`, { token: other })).status).toBe(403);
    expect(
      (
        await call(`/api/v1/climb/sessions/${created.id}/complete`, {
          token: other,
          json: { actual_intensity: 5, session_quality: 5, ended_at: new Date().toISOString() },
        })
      ).status,
    ).toBe(403);
    expect((await call(`/api/v1/climb/sessions?user_id=${created.user_id}`, { token: other })).status).toBe(
      403,
    );
    expect(
      (
        await call("/api/v1/recommendations/generate", {
          token: other,
          json: { ...readiness, user_id: created.user_id },
        })
      ).status,
    ).toBe(403);
    expect((await call(`/api/v1/climb/sessions/${created.id}`, { token: owner })).status).toBe(200);
  });

  it("streams the phases in order over SSE, the first before the model is read", async () => {
    const token = await climber();
    const r = await call("/api/v1/recommendations/pre-session/stream", {
      token,
      json: { ...readiness, soreness: 2 },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(r.headers.get("content-encoding")).toBeNull();
    const events = await readEvents(r);
    expect(events.map((e) => e.event)).toEqual([
      "context_loaded",
      "prediction",
      "recommendations",
      "stats",
      "done",
    ]);
    expect(events[1]!.data).toMatchObject({ phase: "cold_start", model_source: "priors" });
    expect(events[4]!.data).toEqual({ ended_early: false, reason: null });
  });

  it("ends the stream early when an override rule fires, with its reason", async () => {
    const token = await climber();
    const r = await call("/api/v1/recommendations/pre-session/stream", {
      token,
      json: { ...readiness, sleep_hours: 3.5 },
    });
    const events = await readEvents(r);
    expect(events.map((e) => e.event)).toEqual(["context_loaded", "override", "done"]);
    expect(events[2]!.data).toMatchObject({
      ended_early: true,
      reason: expect.stringMatching(/^Very short sleep: /),
    });
  });

  it("answers bad recommendation input with problem details before any stream starts", async () => {
    const token = await climber();
    const r = await call("/api/v1/recommendations/pre-session/stream", {
      token,
      json: { sleep_hours: -1, energy_level: 9 },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await errorsOf(r)).map((e) => e.path).sort()).toEqual([
      "energy_level",
      "sleep_hours",
      "stress_level",
    ]);
  });
});

describe("climb admin", () => {
  it("refuses rules with invalid conditions at save, naming the problem; accepts valid ones", async () => {
    const cookie = await adminCookie();
    const base = {
      name: "Sore and tired",
      action: "constraint",
      excluded_types: ["hangboard"],
      message: "Easy today",
    };
    const bad = await call("/api/admin/climb/rules", {
      cookie,
      json: { ...base, condition: { field: "finger_pain", op: "gte", value: 11 } },
    });
    expect(bad.status).toBe(400);
    expect(await errorsOf(bad)).toEqual([
      { path: "condition.value", message: "11 is outside finger_pain's range 0–10" },
    ]);
    const unknown = await call("/api/admin/climb/rules", {
      cookie,
      json: { ...base, condition: { all: [{ field: "mood", op: "lt", value: 2 }] } },
    });
    expect((await errorsOf(unknown))[0]).toMatchObject({
      path: "condition.all.0.field",
      message: expect.stringMatching(/Unknown field "mood"/),
    });
    const noTypes = await call("/api/admin/climb/rules", {
      cookie,
      json: { ...base, excluded_types: [], condition: { field: "soreness", op: "gte", value: 4 } },
    });
    expect(await errorsOf(noTypes)).toEqual([
      { path: "excluded_types", message: "A constraint rules out at least one session type" },
    ]);
    const ok = await call("/api/admin/climb/rules", {
      cookie,
      json: {
        ...base,
        condition: {
          all: [
            { field: "soreness", op: "gte", value: 4 },
            { field: "energy_level", op: "lte", value: 2 },
          ],
        },
      },
    });
    expect(ok.status).toBe(201);
    const rule = (await ok.json()) as { id: string };
    const listed = (await (await call("/api/admin/climb/rules", { cookie })).json()) as {
      rules: { id: string }[];
      cache: { ttl_seconds: number };
    };
    expect(listed.rules.map((r) => r.id)).toContain(rule.id);
    expect(listed.cache.ttl_seconds).toBe(300);
    expect((await call(`/api/admin/climb/rules/${rule.id}`, { cookie, method: "DELETE" })).status).toBe(204);
  });

  it("is admin only", async () => {
    const token = await climber();
    expect((await call("/api/admin/climb/rules", { token })).status).toBe(403);
    expect((await call("/api/admin/climb/train", { token, json: {} })).status).toBe(403);
  });

  it("queues the full fit (202); the worker thread fits and records the run with its diagnostics", async () => {
    const cookie = await adminCookie();
    for (let c = 0; c < 3; c++) {
      const token = await climber();
      for (const quality of [5, 7, 8])
        expect(
          (await call("/api/v1/climb/sessions", { token, json: logged({ session_quality: quality }) }))
            .status,
        ).toBe(201);
    }
    const r = await call("/api/admin/climb/train", { cookie, json: {} });
    expect(r.status).toBe(202);
    const { jobId } = (await r.json()) as { jobId: string };
    expect(jobId).toBeTruthy();
    const run = await waitFor("the fit run", async () => {
      const runs = (
        (await (await call("/api/admin/climb/runs", { cookie })).json()) as {
          runs: Record<string, unknown>[];
        }
      ).runs;
      return runs.find((x) => x.trigger === "manual" && x.status !== "running");
    });
    expect(run).toMatchObject({ status: "succeeded", progress: 1, error: null });
    const job = await waitFor("the job to complete", async () => {
      const status = (await (await call(`/api/admin/jobs/${jobId}`, { cookie })).json()) as {
        state: string;
        progress: number;
        message: string;
      };
      return status.state === "completed" ? status : null;
    });
    expect(job).toMatchObject({ state: "completed", progress: 1, message: "converged" });
    expect((await call(`/api/admin/jobs/${randomUUID()}`, { cookie })).status).toBe(404);
    expect(run.climbers).toBeGreaterThanOrEqual(3);
    expect(run.max_rhat).toEqual(expect.any(Number));
    expect((run.diagnostics as { parameter: string }[]).length).toBe(23);
  });
});

describe("climb API edge cases", () => {
  it("refuses actual fields on a plan without a quality, and sessions over 600 minutes", async () => {
    const token = await climber();
    const r = await call("/api/v1/climb/sessions", {
      token,
      json: {
        ...readiness,
        session_type: "volume",
        planned_duration_min: 60,
        planned_intensity: 6,
        actual_intensity: 7,
      },
    });
    expect(r.status).toBe(400);
    expect((await errorsOf(r))[0]).toMatchObject({
      path: "session_quality",
      message: expect.stringMatching(/^Required with actual_intensity/),
    });
    const long = await call("/api/v1/climb/sessions", {
      token,
      json: logged({ started_at: new Date(Date.now() - 20 * 3_600_000).toISOString() }),
    });
    expect(long.status).toBe(400);
    expect((await errorsOf(long))[0]).toMatchObject({
      path: "ended_at",
      message: expect.stringMatching(/a session lasts 5 to 600/),
    });
    const list = (await (await call("/api/v1/climb/sessions", { token })).json()) as { sessions: unknown[] };
    expect(list.sessions).toEqual([]);
  });

  it("logs a plan completed on a later day from its end and planned length", async () => {
    const token = await climber();
    const plan = (await (
      await call("/api/v1/climb/sessions", {
        token,
        json: {
          ...readiness,
          session_type: "technique",
          planned_duration_min: 60,
          planned_intensity: 4,
          started_at: new Date(Date.now() - 30 * 3_600_000).toISOString(),
        },
      })
    ).json()) as { id: string };
    const ended = new Date(Date.now() - 3_600_000).toISOString();
    const done = await call(`/api/v1/climb/sessions/${plan.id}/complete`, {
      token,
      json: { actual_intensity: 4, session_quality: 7, ended_at: ended },
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      actual_duration_min: 60,
      ended_at: ended,
      deviated_from_plan: false,
    });
  });
});
