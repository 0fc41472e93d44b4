import { afterAll, describe, expect, it } from "vitest";
import { call, closeServerDb, createToken, form, signup } from "../../support/http";

afterAll(closeServerDb);

interface Plan {
  date: string;
  items: { id: string; module: string; kind: string; why: string[]; action: { href: string } }[];
  done: unknown[];
  goals: { module: string; daily_minutes: number; minutes_today: number }[];
}

const problemPaths = async (response: Response) =>
  ((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort();

describe("Today over HTTP", () => {
  it("answers a new person with a ranked plan across the modules, and refuses anonymous callers", async () => {
    const { cookie } = await signup();
    const token = await createToken(cookie);
    const response = await call("/api/today", { token });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const plan = (await response.json()) as Plan;
    expect(new Set(plan.items.map((i) => i.module))).toEqual(
      new Set(["learn", "typing", "climb", "stories", "library"]),
    );
    expect(plan.items.every((i) => i.why.length > 0 && i.action.href.startsWith("/"))).toBe(true);
    expect((await call("/api/today")).status).toBe(401);
  });

  it("sets goals, names every bad field, and changes nothing on a bad request", async () => {
    const { cookie } = await signup();
    const token = await createToken(cookie);
    const bad = await call("/api/today/goals", {
      token,
      method: "PUT",
      json: { typing: -5, climb: 241, learn: 2.5, stories: "ten" },
    });
    expect(bad.status).toBe(400);
    expect(await problemPaths(bad)).toEqual(["climb", "learn", "stories", "typing"]);
    const unknown = await call("/api/today/goals", { token, method: "PUT", json: { chess: 10 } });
    expect(unknown.status).toBe(400);
    expect((await call("/api/today/goals", { token, method: "PUT", json: {} })).status).toBe(400);
    const before = (await (await call("/api/today/goals", { token })).json()) as { goals: Plan["goals"] };
    expect(before.goals.every((g) => g.daily_minutes === 0)).toBe(true);

    const ok = await call("/api/today/goals", { token, method: "PUT", json: { typing: 15, learn: 10 } });
    expect(ok.status).toBe(200);
    const again = await call("/api/today/goals", { token, method: "PUT", json: { learn: 0 } });
    const { goals } = (await again.json()) as { goals: Plan["goals"] };
    expect(Object.fromEntries(goals.map((g) => [g.module, g.daily_minutes]))).toEqual({
      learn: 0,
      typing: 15,
      climb: 0,
      library: 0,
      stories: 0,
    });
    const plan = (await (await call("/api/today", { token })).json()) as Plan;
    const typing = plan.items.find((i) => i.module === "typing")!;
    expect(typing.why).toContain("Your goal: 15 min of Typing a day (0 done today)");
    expect(plan.items[0]!.module).toBe("typing");
  });

  it("saves goals from the Today page's form, with errors named per field", async () => {
    const { cookie } = await signup();
    const post = (fields: Record<string, string>) =>
      call("/?index", {
        cookie,
        body: form({ intent: "goals", ...fields }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    const bad = await post({ learn: "-1", typing: "", climb: "", library: "", stories: "" });
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain("0 (no goal) to 240 minutes");
    const token = await createToken(cookie);
    const unchanged = (await (await call("/api/today/goals", { token })).json()) as { goals: Plan["goals"] };
    expect(unchanged.goals.every((g) => g.daily_minutes === 0)).toBe(true);
    const ok = await post({ learn: "20", typing: "", climb: "30", library: "", stories: "" });
    expect([200, 204]).toContain(ok.status);
    const { goals } = (await (await call("/api/today/goals", { token })).json()) as { goals: Plan["goals"] };
    expect(goals.find((g) => g.module === "climb")!.daily_minutes).toBe(30);
    expect(goals.find((g) => g.module === "learn")!.daily_minutes).toBe(20);
  });

  it("serves the activity feed and validates its query", async () => {
    const { cookie } = await signup();
    const token = await createToken(cookie);
    const feed = await call("/api/activity?days=3", { token });
    expect(feed.status).toBe(200);
    expect(await feed.json()).toMatchObject({ timezone: "UTC", days: [] });
    const bad = await call("/api/activity?days=0", { token });
    expect(bad.status).toBe(400);
    expect(await problemPaths(bad)).toEqual(["days"]);
  });
});
