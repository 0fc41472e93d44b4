import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { typingSessions } from "../../db/schema";
import { createUser, getUserById } from "../../app/modules/auth/users.server";
import { recordSimulatedReviews } from "../../app/modules/learn/simulated-reviews.server";
import { saveGoals } from "../../app/modules/today/goals.server";
import { todayPlan, type TodayPlan } from "../../app/modules/today/today.server";
import { activityFeed } from "../../app/modules/today/activity.server";
import { saveProfile } from "../../app/modules/learn/profile.server";
import { ensureDefaultVocabulary } from "../../app/modules/learn/vocabulary.server";

let n = 0;
async function person() {
  const user = await createUser({
    email: `today${++n}@example.test`,
    displayName: `Today ${n}`,
    password: "long-password-1",
  });
  return (await getUserById(user.id))!;
}

const DAY = 86_400_000;
/** Today at hh:30 UTC (every test person lives in UTC). */
const at = (hour: number, daysAgo = 0) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, 30) - daysAgo * DAY);
};

/** A typing session of five snippets, as enrichment leaves it. */
async function typedAt(userId: string, when: Date) {
  await db()
    .insert(typingSessions)
    .values({
      userId,
      mode: "sentences",
      startedAt: when,
      lastActivityAt: new Date(when.getTime() + 300_000),
      snippetsCompleted: 5,
      wpm: 42,
      accuracy: 0.96,
      durationMs: 300_000,
    });
}

const kinds = (plan: TodayPlan) => plan.items.map((i) => i.kind);
const item = (plan: TodayPlan, module: string) => plan.items.find((i) => i.module === module);

describe("the Today plan", () => {
  it("gives a new person a sensible first plan: set-ups and first steps, each with a reason and a link", async () => {
    const user = await person();
    const plan = await todayPlan(user, at(12));
    expect(plan.unavailable).toEqual([]);
    expect(plan.timezone).toBe("UTC");
    expect(kinds(plan)).toEqual(
      expect.arrayContaining(["learn-start", "climb-setup", "typing-lesson", "story-write"]),
    );
    expect(plan.items.every((i) => i.urgency === "normal")).toBe(true);
    for (const i of plan.items) {
      expect(i.why.length, i.kind).toBeGreaterThan(0);
      expect(i.action.href).toMatch(/^\//);
    }
    expect(plan.done).toEqual([]);
  });

  it("puts a streak at risk first, then due reviews, with minutes at the learner's pace", async () => {
    const user = await person();
    await ensureDefaultVocabulary();
    await saveProfile(user.id, {
      cefr_level: "A1",
      daily_new_limit: 10,
      daily_review_limit: 200,
      desired_retention: 0.9,
      timezone: "UTC",
    });
    // Three weeks of French every morning, ending yesterday: today nothing yet.
    await recordSimulatedReviews(user.id, { seed: 9, days: 21, newPerDay: 8, endAt: at(9) }); // days run up to yesterday
    const plan = await todayPlan(user, at(20));
    expect(plan.items[0]).toMatchObject({ kind: "learn-streak", urgency: "at-risk" });
    expect(plan.items[1]).toMatchObject({ kind: "learn-reviews", urgency: "due" });
    expect(plan.items[1]!.minutes).toBeGreaterThan(0);
    expect(plan.items[1]!.title).toMatch(/^Review \d+ French words?$/);
    expect(plan.habits.find((h) => h.module === "learn")).toMatchObject({ active_days: expect.any(Number) });
    expect(plan.habits.find((h) => h.module === "learn")!.active_days).toBeGreaterThanOrEqual(15);
  });

  it("changes with the person: habits lift a module at its usual hour, and a goal lifts another", async () => {
    const user = await person();
    for (let d = 1; d <= 6; d++) await typedAt(user.id, at(7, d));

    const morning = await todayPlan(user, at(7));
    const first = morning.items[0]!;
    expect(first.module).toBe("typing");
    expect(first.why).toContain("You usually do Typing around this time");
    expect(first.why).toContain("You practised Typing on 6 of the last 7 days");

    // Late at night typing is not their time: its hour reason goes, though the regular habit stays.
    const night = await todayPlan(user, at(23));
    expect(item(night, "typing")!.why).not.toContain("You usually do Typing around this time");
    const score = (p: TodayPlan, m: string) => item(p, m)!.score;
    expect(score(night, "typing")).toBeLessThan(score(morning, "typing"));

    // A daily goal for stories puts stories first (among normal items) until it is met.
    await saveGoals(user.id, { stories: 20 });
    const withGoal = await todayPlan(user, at(23));
    expect(withGoal.items[0]!.module).toBe("stories");
    expect(withGoal.items[0]!.why).toContain("Your goal: 20 min of Stories a day (0 done today)");
    expect(withGoal.goals.find((g) => g.module === "stories")).toMatchObject({
      daily_minutes: 20,
      minutes_today: 0,
    });
  });

  it("moves what was done today to the done list and counts its minutes towards the goal", async () => {
    const user = await person();
    await saveGoals(user.id, { typing: 10 });
    const before = await todayPlan(user, at(18));
    expect(item(before, "typing")!.why).toContain("Your goal: 10 min of Typing a day (0 done today)");
    await typedAt(user.id, at(17));
    const after = await todayPlan(user, at(18));
    expect(item(after, "typing")).toBeUndefined();
    expect(after.done.map((d) => d.module)).toContain("typing");
    expect(after.goals.find((g) => g.module === "typing")).toMatchObject({ minutes_today: 5 });
  });

  it("feeds the activity of every module into one feed, newest day first", async () => {
    const user = await person();
    await typedAt(user.id, at(8, 2));
    await typedAt(user.id, at(8, 0));
    const feed = await activityFeed(user.id, 7, at(23));
    expect(feed.days.map((d) => d.entries.length)).toEqual([1, 1]);
    expect(feed.days[0]!.day > feed.days[1]!.day).toBe(true);
    expect(feed.days[0]!.entries[0]).toMatchObject({
      module: "typing",
      summary: "Typed 5 snippets at 42 wpm, 96% accuracy",
      minutes: 5,
    });
  });
});
