import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { contentItems, recsEvents, recsModels, recsProfiles } from "../../db/schema";
import { createUser } from "../../app/modules/auth/users.server";
import { CLIMB_DRILLS } from "../../app/modules/climb/drills";
import { createSession as createClimbingSession } from "../../app/modules/climb/sessions.server";
import { SCENARIOS } from "../../app/modules/learn/tutor/scenarios";
import { LESSON_PACKS } from "../../app/modules/typing/lesson-packs";
import {
  syncModuleCatalog,
  syncStoryCatalogItem,
  type SyncCounts,
} from "../../app/modules/recs/cross-module-catalog.server";
import { reindexActive } from "../../app/modules/recs/index-build.server";
import { runTraining } from "../../app/modules/recs/model-training.server";
import { invalidateServedModel } from "../../app/modules/recs/model-serving.server";
import { recordCatalogActivity } from "../../app/modules/recs/module-activity.server";
import { invalidateRecsSnapshot, recommendationsFor } from "../../app/modules/recs/recommend.server";
import { loadSample } from "../../app/modules/recs/sample-loader.server";
import { deleteStory, insertStory, saveStory } from "../../app/modules/stories/stories.server";

const fresh = () => {
  invalidateServedModel();
  invalidateRecsSnapshot();
};

const itemsOf = (type: "scenario" | "climb_drill" | "story" | "typing_pack") =>
  db().select().from(contentItems).where(eq(contentItems.type, type)).orderBy(contentItems.externalKey);

let n = 0;
async function person(name: string) {
  n += 1;
  return createUser({ email: `${name}-${n}@example.com`, displayName: name, password: "correct horse 1" });
}

async function writeStory(userId: string, title: string, text: string) {
  return insertStory({
    id: randomUUID(),
    userId,
    title,
    prompt: text.slice(0, 20),
    body: text.slice(20),
    provider: "local",
    model: "test",
    params: { temperature: 0.8, topK: 40, topP: 0.95, maxTokens: 100, seed: 1 },
    stats: {
      promptTokens: 5,
      promptTokensDropped: 0,
      newTokens: 20,
      words: text.split(/\s+/).length,
      stopReason: "eos",
      firstTokenMs: 5,
      durationMs: 50,
      tokensPerSecond: 400,
      attempts: [],
    },
    save: true,
  });
}

describe("the library's catalog of other modules' practice", () => {
  it("syncs scenarios and drills with their types, links and tags, and a second run changes nothing", async () => {
    const first = await syncModuleCatalog();
    expect(first.scenario).toMatchObject({ added: SCENARIOS.length, removed: 0 });
    expect(first.climb_drill).toMatchObject({ added: CLIMB_DRILLS.length, removed: 0 });
    expect(first.story).toMatchObject({ added: 0 });
    expect(first.typing_pack).toMatchObject({ added: LESSON_PACKS.length, removed: 0, skipped: 0 });
    const packs = await itemsOf("typing_pack");
    expect(packs.find((p) => p.externalKey === "typing-pack:home-row")).toMatchObject({
      url: "/typing?pack=home-row",
    });
    const scenarios = await itemsOf("scenario");
    expect(scenarios.map((s) => s.externalKey)).toEqual(SCENARIOS.map((s) => `scenario:${s.key}`).sort());
    const cafe = scenarios.find((s) => s.externalKey === "scenario:cafe")!;
    expect(cafe).toMatchObject({ url: "/learn/tutor?scenario=cafe", title: "Ordering at a café" });
    expect(cafe.tags).toEqual(["french", "conversation", "food"]);
    const drills = await itemsOf("climb_drill");
    expect(drills).toHaveLength(CLIMB_DRILLS.length);
    expect(drills.every((d) => d.url === "/climb" && d.tags[0] === "climbing")).toBe(true);

    const second = await syncModuleCatalog();
    for (const type of ["scenario", "climb_drill", "typing_pack"] as const)
      expect(second[type]).toEqual({
        added: 0,
        updated: 0,
        removed: 0,
        unchanged: {
          scenario: SCENARIOS.length,
          climb_drill: CLIMB_DRILLS.length,
          typing_pack: LESSON_PACKS.length,
        }[type],
        skipped: 0,
      } satisfies SyncCounts);
    // Same rows, same ids: events recorded on them survive a re-sync.
    expect((await itemsOf("scenario")).map((s) => s.id)).toEqual(scenarios.map((s) => s.id));

    // An item edited by hand is put back; one whose source entry is gone is removed with its events.
    await db().update(contentItems).set({ title: "Edited" }).where(eq(contentItems.id, cafe.id));
    const stale = await db()
      .insert(contentItems)
      .values({
        externalKey: "climb-drill:retired-drill",
        type: "climb_drill",
        title: "Retired",
        description: "Gone",
        difficulty: 2,
        durationMin: 10,
      })
      .returning();
    const someone = await person("stale");
    expect(await recordCatalogActivity(someone.id, "climb-drill:retired-drill", "complete")).toBe(true);
    const third = await syncModuleCatalog();
    expect(third.scenario).toMatchObject({ updated: 1, added: 0 });
    expect(third.climb_drill).toMatchObject({ removed: 1, added: 0 });
    expect((await itemsOf("scenario")).find((s) => s.id === cafe.id)!.title).toBe("Ordering at a café");
    expect(await db().select().from(contentItems).where(eq(contentItems.id, stale[0]!.id))).toEqual([]);
    expect(await db().select().from(recsEvents).where(eq(recsEvents.userId, someone.id))).toEqual([]);
  });

  it("lists a story while its writer shares it, and removes it when unshared or deleted", async () => {
    const writer = await person("writer");
    const story = await writeStory(
      writer.id,
      "The Lighthouse Keeper",
      "Once upon a time a lighthouse keeper counted the ships that passed by at night.",
    );
    // Saved but not shared: not in the library.
    expect(await syncStoryCatalogItem(story.id)).toBe("absent");
    expect(await itemsOf("story")).toEqual([]);

    expect((await saveStory(writer.id, story.id, { shared: true }))!.sharedAt).not.toBeNull();
    expect(await syncStoryCatalogItem(story.id)).toBe("listed");
    const [item] = await itemsOf("story");
    expect(item).toMatchObject({
      externalKey: `story:${story.id}`,
      title: "The Lighthouse Keeper",
      body: story.prompt + story.body,
      url: `/library/${item!.id}`,
      difficulty: 1,
    });
    expect(item!.tags).toEqual(["stories", "lighthouse", "keeper"]);
    // The full sync agrees (nothing to change), and a second share keeps the same item.
    expect((await syncModuleCatalog()).story).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    await saveStory(writer.id, story.id, { shared: true });
    expect(await syncStoryCatalogItem(story.id)).toBe("listed");
    expect((await itemsOf("story")).map((s) => s.id)).toEqual([item!.id]);

    // Unshared: out of the library, still saved for its writer.
    const unshared = await saveStory(writer.id, story.id, { shared: false });
    expect(unshared).toMatchObject({ sharedAt: null });
    expect(unshared!.savedAt).not.toBeNull();
    expect(await syncStoryCatalogItem(story.id)).toBe("absent");
    expect(await itemsOf("story")).toEqual([]);

    // Deleted while shared: the start-up sync removes what a missed hook left behind.
    await saveStory(writer.id, story.id, { shared: true });
    await syncStoryCatalogItem(story.id);
    expect(await itemsOf("story")).toHaveLength(1);
    expect(await deleteStory(writer.id, story.id)).toBe(true);
    expect((await syncModuleCatalog()).story).toMatchObject({ removed: 1 });
    expect(await itemsOf("story")).toEqual([]);
  });

  it("a logged climbing session that names drills is a completion of each drill's item", async () => {
    const climber = await person("climber");
    const start = new Date(Date.now() - 3 * 3_600_000);
    const readiness = {
      sleep_hours: 8,
      energy_level: 4,
      stress_level: 2,
      soreness: 2,
      motivation: 4,
      finger_pain: 0,
    };
    const logged = (exercises: { name: string; notes?: string }[], notes: string) =>
      createClimbingSession(climber.id, {
        ...readiness,
        session_type: "power_endurance",
        planned_duration_min: 60,
        planned_intensity: 8,
        planned_exercises: exercises,
        started_at: start.toISOString(),
        ended_at: new Date(start.getTime() + 3_600_000).toISOString(),
        actual_intensity: 8,
        session_quality: 7,
        notes,
      });
    await logged(
      [{ name: "Progressive warm-up: easy traverses" }, { name: "4×4s", notes: "V2s" }],
      "Silent feet on the warm-up",
    );
    // A plan is not practice yet; a session naming no drill records nothing.
    await createClimbingSession(climber.id, {
      ...readiness,
      session_type: "hangboard",
      planned_duration_min: 30,
      planned_intensity: 8,
      planned_exercises: [{ name: "Repeaters, 25 mm edge" }],
    });
    await logged([{ name: "Mileage problems" }], "");
    const events = await db()
      .select({ key: contentItems.externalKey, type: recsEvents.eventType })
      .from(recsEvents)
      .innerJoin(contentItems, eq(contentItems.id, recsEvents.contentId))
      .where(eq(recsEvents.userId, climber.id))
      .orderBy(contentItems.externalKey);
    expect(events).toEqual([
      { key: "climb-drill:four-by-fours", type: "complete" },
      { key: "climb-drill:silent-feet", type: "complete" },
    ]);
  });

  it("the baseline recommends more of the module a reader practises (scenarios, drills)", async () => {
    await loadSample({ users: 40, items: 60, events: 2_000, seed: 11 });
    await syncModuleCatalog();
    fresh();
    const talker = await person("talker");
    for (const key of ["cafe", "market"])
      expect(await recordCatalogActivity(talker.id, `scenario:${key}`, "complete")).toBe(true);
    const climber = await person("climber");
    for (const key of ["silent-feet", "four-by-fours"])
      expect(await recordCatalogActivity(climber.id, `climb-drill:${key}`, "complete")).toBe(true);
    fresh();
    const typesOf = async (userId: string) =>
      (await recommendationsFor({ id: userId, role: "learner" } as never, userId, 6)).items.map(
        (i) => i.type,
      );
    const talkerTypes = await typesOf(talker.id);
    const climberTypes = await typesOf(climber.id);
    const count = (types: string[], t: string) => types.filter((x) => x === t).length;
    expect(count(talkerTypes, "scenario")).toBeGreaterThanOrEqual(2);
    expect(count(climberTypes, "climb_drill")).toBeGreaterThanOrEqual(2);
    expect(count(talkerTypes, "scenario")).toBeGreaterThan(count(climberTypes, "scenario"));
    expect(count(climberTypes, "climb_drill")).toBeGreaterThan(count(talkerTypes, "climb_drill"));
    // Finished practice is not offered again.
    const feed = await recommendationsFor({ id: talker.id, role: "learner" } as never, talker.id, 20);
    const cafe = (await itemsOf("scenario")).find((s) => s.externalKey === "scenario:cafe")!;
    expect(feed.items.map((i) => i.content_id)).not.toContain(cafe.id);
  });
});

describe("a trained recommender and the new types", () => {
  const admin = { id: "admin", role: "admin" } as never;
  it("serves a model trained before them, then learns from cross-module events", async () => {
    await db().delete(contentItems);
    await loadSample({ users: 300, items: 120, events: 15_000, seed: 42 });
    const before = await runTraining(null);
    expect(before.status).toBe("activated");

    // The old model (three one-hot types) embeds the new items from the tags it knows and serves them.
    await syncModuleCatalog();
    const index = await reindexActive(null);
    expect(index!.items).toBe(120 + SCENARIOS.length + CLIMB_DRILLS.length + LESSON_PACKS.length);
    fresh();
    const [learner] = await db()
      .select()
      .from(recsProfiles)
      .where(eq(recsProfiles.cohort, "language-learner"));
    const old = await recommendationsFor(admin, learner!.userId, 10);
    expect(old.model).toBe(`two-tower v${before.version}`);
    expect(old.items).toHaveLength(10);

    // Language learners finish French conversations, climbers drills; the next model is trained on it all.
    const scenarios = await itemsOf("scenario");
    const drills = await itemsOf("climb_drill");
    const cohorts = await db().select().from(recsProfiles);
    const day = 86_400_000;
    const rows: (typeof recsEvents.$inferInsert)[] = [];
    cohorts.forEach((c, u) => {
      const pool = c.cohort === "language-learner" ? scenarios : c.cohort === "climber" ? drills : null;
      if (!pool) return;
      for (let k = 0; k < 3; k++) {
        const item = pool[(u + k * 2) % pool.length]!;
        const ts = new Date(Date.now() - (20 - 4 * k) * day - u * 60_000);
        for (const eventType of ["click", "complete", "like"] as const)
          rows.push({
            userId: c.userId,
            contentId: item.id,
            eventType,
            ts,
            clientEventId: `x-${eventType}-${u}-${k}`,
          });
      }
    });
    await db().insert(recsEvents).values(rows);
    const after = await runTraining(null);
    expect(after.status).toBe("activated");
    const [active] = await db().select().from(recsModels).where(eq(recsModels.status, "active"));
    expect(active!.version).toBe(after.version);
    fresh();

    // The cohorts whose events favour a module get more of it in their feeds (what they finished aside).
    const moduleShare = async (cohort: string) => {
      const people = cohorts.filter((c) => c.cohort === cohort).slice(0, 30);
      let scenario = 0;
      let drill = 0;
      for (const p of people) {
        const feed = await recommendationsFor(admin, p.userId, 10);
        expect(feed.model).toBe(`two-tower v${after.version}`);
        scenario += feed.items.filter((i) => i.type === "scenario").length;
        drill += feed.items.filter((i) => i.type === "climb_drill").length;
      }
      return { scenario: scenario / people.length, drill: drill / people.length };
    };
    const learners = await moduleShare("language-learner");
    const climbers = await moduleShare("climber");
    expect(learners.scenario).toBeGreaterThan(climbers.scenario + 0.5);
    expect(climbers.drill).toBeGreaterThan(learners.drill + 0.5);

    // A newcomer with no cohort who finished two conversations gets conversations too, one who did two drills
    // gets drills (finished ones are not offered again).
    const talker = await person("newcomer");
    for (const key of ["cafe", "hotel"])
      await recordCatalogActivity(talker.id, `scenario:${key}`, "complete");
    const climber = await person("newcomer");
    for (const key of ["silent-feet", "four-by-fours"])
      await recordCatalogActivity(climber.id, `climb-drill:${key}`, "complete");
    fresh();
    const talkerFeed = (await recommendationsFor(admin, talker.id, 20)).items;
    const climberFeed = (await recommendationsFor(admin, climber.id, 20)).items;
    expect(talkerFeed.filter((i) => i.type === "scenario").length).toBeGreaterThanOrEqual(1);
    expect(climberFeed.filter((i) => i.type === "climb_drill").length).toBeGreaterThanOrEqual(1);
    const finished = scenarios.filter((s) => ["scenario:cafe", "scenario:hotel"].includes(s.externalKey!));
    for (const s of finished) expect(talkerFeed.map((i) => i.content_id)).not.toContain(s.id);
  }, 240_000);
});
