import { describe, expect, it } from "vitest";
import { CLIMB_DRILLS } from "../climb/drills.ts";
import { SCENARIOS } from "../learn/tutor/scenarios.ts";
import { CONTENT_TYPES } from "./content-types.ts";
import {
  MODULE_CATALOG_SOURCES,
  drillCatalogEntries,
  scenarioCatalogEntries,
  storyCatalogEntry,
  titleTags,
} from "./cross-module-catalog.server.ts";

describe("other modules' entries in the library's catalog", () => {
  it("lists every scenario as a French conversation that starts the tutor with it chosen", () => {
    const entries = scenarioCatalogEntries();
    expect(entries).toHaveLength(SCENARIOS.length);
    const cafe = entries.find((e) => e.externalKey === "scenario:cafe")!;
    expect(cafe).toMatchObject({
      title: "Ordering at a café",
      url: "/learn/tutor?scenario=cafe",
      tags: ["french", "conversation", "food"],
      difficulty: 1,
    });
    expect(cafe.body).toMatch(/^Role: The tutor plays a waiter in a busy Paris café\.\nGoal: Order a drink/);
  });

  it("lists every climbing drill with its how-to, tagged with its session type", () => {
    const entries = drillCatalogEntries();
    expect(entries).toHaveLength(CLIMB_DRILLS.length);
    const fours = entries.find((e) => e.externalKey === "climb-drill:four-by-fours")!;
    expect(fours).toMatchObject({ url: "/climb", tags: ["climbing", "power-endurance"], durationMin: 30 });
    expect(fours.body.split("\n")[1]).toMatch(/^1\. Warm up fully/);
  });

  it("lists a shared story for reading in the library, tagged by the words of its title", () => {
    expect(titleTags("The Fox and the Little Red Lighthouse")).toEqual(["fox", "red", "lighthouse"]);
    expect(titleTags("Émile et le château")).toEqual(["émile", "château"]);
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const entry = storyCatalogEntry({
      id: "5f7c1c1e-9a70-4a8e-8a57-0b5e2f0c9b11",
      title: "Stories of the Sea",
      text: `Once upon a time ${words}`,
      words: 404,
      sharedAt: new Date(),
    });
    expect(entry).toMatchObject({
      externalKey: "story:5f7c1c1e-9a70-4a8e-8a57-0b5e2f0c9b11",
      tags: ["stories", "sea"],
      difficulty: 3,
      durationMin: 2,
      url: null,
    });
    expect(entry.description.length).toBeLessThanOrEqual(161);
    expect(entry.description).toMatch(/^Once upon a time word0 .*…$/);
    expect(entry.body).toBe(`Once upon a time ${words}`);
  });

  it("has one source per module type, each with its own key prefix", () => {
    const types = MODULE_CATALOG_SOURCES.map((s) => s.type).sort();
    expect(types).toEqual(["climb_drill", "scenario", "story", "typing_pack"]);
    for (const t of types) expect(CONTENT_TYPES).toContain(t);
    expect(new Set(MODULE_CATALOG_SOURCES.map((s) => s.prefix)).size).toBe(4);
  });
});
