import { describe, expect, it } from "vitest";
import { recommendBaseline, type CatalogEntry, type Popularity } from "./baseline-recommender.ts";

const now = Date.parse("2026-11-20T00:00:00Z");
const DAY = 86_400_000;
const item = (id: string, tags: string[], type = "article", ageDays = 200): CatalogEntry => ({
  id,
  title: `Title ${id}`,
  type,
  tags,
  createdAt: now - ageDays * DAY,
});
const catalog = [
  item("c1", ["climbing", "technique"]),
  item("c2", ["climbing", "finger-strength"]),
  item("c3", ["climbing", "bouldering"], "video", 5),
  item("f1", ["french", "grammar"]),
  item("f2", ["french", "vocabulary"]),
  item("w1", ["web", "css"]),
  item("w2", ["web", "http"]),
];
const popularity: Popularity = {
  all: new Map([
    ["w1", 50],
    ["w2", 40],
    ["f1", 10],
  ]),
  byCohort: new Map([
    [
      "language-learner",
      new Map([
        ["f1", 30],
        ["f2", 25],
      ]),
    ],
  ]),
};
const empty = { signals: new Map(), finished: new Set<string>(), recentFinished: [], cohort: null };

describe("baseline recommender", () => {
  it("gives a cold-start user their cohort's popular items, or everyone's", () => {
    const learner = recommendBaseline(catalog, { ...empty, cohort: "language-learner" }, popularity, 2, now);
    expect(learner.map((r) => r.id)).toEqual(["f1", "f2"]);
    expect(learner[0]!.reason).toBe("Popular in your cohort (language-learner)");
    const stranger = recommendBaseline(catalog, empty, popularity, 2, now);
    expect(stranger[0]).toMatchObject({ id: "w1", reason: "Popular with everyone" });
  });

  it("follows a user's tastes, excludes what they finished, and says why", () => {
    const history = {
      signals: new Map([
        ["c1", 4],
        ["w2", -1],
      ]),
      finished: new Set(["c1"]),
      recentFinished: [{ id: "c1", title: "Title c1", tags: ["climbing", "technique"] }],
      cohort: null,
    };
    const recs = recommendBaseline(catalog, history, popularity, 3, now);
    expect(recs.map((r) => r.id)).not.toContain("c1");
    expect(recs[0]).toMatchObject({ id: "c2", reason: "Because you finished “Title c1”" });
    expect(recs.map((r) => r.id)).toContain("c3");
    expect(recs.map((r) => r.id)).not.toContain("w2");
  });

  it("diversifies instead of returning near-copies", () => {
    const many = [
      ...catalog,
      ...Array.from({ length: 10 }, (_, i) => item(`c${i + 10}`, ["climbing", "technique"])),
    ];
    const history = {
      signals: new Map([
        ["c1", 4],
        ["f1", 1],
      ]),
      finished: new Set<string>(),
      recentFinished: [],
      cohort: null,
    };
    const recs = recommendBaseline(many, history, popularity, 6, now);
    expect(recs.some((r) => r.id.startsWith("f"))).toBe(true);
  });
});
