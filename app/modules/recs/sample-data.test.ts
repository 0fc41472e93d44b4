import { describe, expect, it } from "vitest";
import { generateSample } from "./sample-data.ts";
import { TOPICS } from "./sample-topics.ts";

const sample = generateSample({ users: 300, items: 200, events: 20_000, seed: 42 });

describe("recs sample data", () => {
  it("has the asked sizes and is deterministic for a seed", () => {
    expect(sample.items).toHaveLength(200);
    expect(sample.users).toHaveLength(300);
    expect(sample.events).toHaveLength(20_000);
    const again = generateSample({ users: 300, items: 200, events: 20_000, seed: 42 });
    expect(again.events.slice(0, 50)).toEqual(sample.events.slice(0, 50));
    expect(generateSample({ users: 300, items: 200, events: 100, seed: 43 }).events[0]).not.toEqual(
      sample.events[0],
    );
    expect(new Set(sample.events.map((e) => e.clientEventId)).size).toBe(20_000);
  });

  it("gives cohorts their taste clusters: climbers click climbing far more than engineers do", () => {
    const topicOf = new Map(sample.items.map((i) => [i.key, i.topic]));
    const cohortOf = new Map(sample.users.map((u) => [u.key, u.cohort]));
    const share = (cohort: string, topic: string) => {
      const clicks = sample.events.filter((e) => e.type === "click" && cohortOf.get(e.userKey) === cohort);
      return clicks.filter((e) => topicOf.get(e.itemKey) === topic).length / clicks.length;
    };
    expect(share("climber", "climbing")).toBeGreaterThan(2 * share("engineer", "climbing"));
    expect(share("language-learner", "french")).toBeGreaterThan(2 / TOPICS.length);
  });

  it("is skewed toward popular items and follows each cohort's hours", () => {
    const counts = new Map<number, number>();
    for (const e of sample.events)
      if (e.type === "click") counts.set(e.itemKey, (counts.get(e.itemKey) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const total = sorted.reduce((s, c) => s + c, 0);
    const top10 = sorted.slice(0, Math.ceil(sorted.length / 10)).reduce((s, c) => s + c, 0);
    expect(top10 / total).toBeGreaterThan(0.25);
    const climbers = new Set(sample.users.filter((u) => u.cohort === "climber").map((u) => u.key));
    const hours = sample.events.filter((e) => climbers.has(e.userKey)).map((e) => e.ts.getUTCHours());
    const morning = hours.filter((h) => h >= 5 && h <= 9).length;
    const night = hours.filter((h) => h >= 0 && h <= 4).length;
    expect(morning).toBeGreaterThan(3 * night);
  });

  it("funnels visits: impressions outnumber clicks, which outnumber completions; quizzes are answered", () => {
    const count = (t: string) => sample.events.filter((e) => e.type === t).length;
    expect(count("impression")).toBeGreaterThan(count("click"));
    expect(count("click")).toBeGreaterThan(count("complete"));
    expect(count("complete")).toBeGreaterThan(count("like"));
    const answers = sample.events.filter((e) => e.type === "quiz_answer");
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((e) => e.value === 0 || e.value === 1)).toBe(true);
    expect(sample.items.filter((i) => i.type === "quiz").every((i) => i.quiz!.length >= 3)).toBe(true);
  });
});
