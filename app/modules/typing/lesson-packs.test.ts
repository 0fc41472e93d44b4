import { describe, expect, it } from "vitest";
import { LESSON_PACKS, lessonPack, packFit, PACK_KEYS, rankForPack } from "./lesson-packs";

const pack = (key: string) => lessonPack(key)!;
const snippet = (id: string, text: string, difficulty = 5) => ({ id, text, difficulty });

describe("lesson packs", () => {
  it("describes each pack fully, with unique keys and difficulty 1-5", () => {
    expect(LESSON_PACKS.map((p) => p.key)).toEqual([...PACK_KEYS]);
    for (const p of LESSON_PACKS) {
      expect(p.title).not.toBe("");
      expect(p.description.length).toBeGreaterThan(20);
      expect(new Set(p.keys).size).toBe(p.keys.length);
      expect(p.difficulty).toBeGreaterThanOrEqual(1);
      expect(p.difficulty).toBeLessThanOrEqual(5);
      expect(p.minutes).toBeGreaterThan(0);
    }
    expect(lessonPack("numbers")).toBeUndefined();
  });

  it("measures fit as the share of non-space characters on the pack's keys", () => {
    expect(packFit("asdf jkl;", pack("home-row"))).toEqual({
      share: 1,
      keys: [";", "a", "d", "f", "j", "k", "l", "s"],
    });
    // "sad dog": s a d d (home row) o (top) g (home): 6 of 6 but o -> 5/6.
    expect(packFit("sad dog", pack("home-row")).share).toBeCloseTo(5 / 6);
    // Home row matches whatever the case; capitals only upper case.
    expect(packFit("SAD", pack("home-row")).share).toBe(1);
    expect(packFit("Sad Dog", pack("capitals"))).toEqual({ share: 2 / 6, keys: ["D", "S"] });
    expect(packFit("Un café à côté", pack("french-accents"))).toEqual({
      share: 4 / 11,
      keys: ["é", "à", "ô"],
    });
    // Decomposed accents count the same as composed ones.
    expect(packFit("cafe\u0301", pack("french-accents")).share).toBe(1 / 4);
    expect(packFit("", pack("top-row")).share).toBe(0);
  });

  it("ranks by fit, above the pack's floor first", () => {
    const pool = [
      snippet("a", "the quick brown fox jumps"),
      snippet("b", "sad lads had a grass flask"),
      snippet("c", "all fall; a jag has a sash"),
      snippet("d", "zoom in on the moon"),
    ];
    const picks = rankForPack(pool, pack("home-row"), { count: 2 });
    expect(picks.map((p) => p.snippet.id)).toEqual(["c", "b"]);
    expect(picks[0]!.share).toBeGreaterThan(picks[1]!.share);
    expect(picks[0]!.drills.length).toBeLessThanOrEqual(5);
    expect(picks[0]!.reason).toMatch(/^Home row: \d+% of its keys/);
  });

  it("always serves a pack: the best-fitting rest fill in below the floor", () => {
    const pool = [snippet("a", "the quick brown fox"), snippet("b", "zoom"), snippet("c", "Hello there")];
    const picks = rankForPack(pool, pack("capitals"), { count: 3 });
    expect(picks).toHaveLength(3);
    expect(picks[0]!.snippet.id).toBe("c");
    expect(rankForPack([snippet("a", "plain words")], pack("french-accents"), { count: 2 })).toHaveLength(1);
  });

  it("leaves out recent snippets while others are left, and repeats rather than serve nothing", () => {
    const pool = [snippet("a", "sad lads had a glass flask"), snippet("b", "all fall; a jag has a sash")];
    const recent = new Set(["b"]);
    expect(rankForPack(pool, pack("home-row"), { count: 1, recent }).map((p) => p.snippet.id)).toEqual(["a"]);
    expect(rankForPack(pool, pack("home-row"), { count: 2, recent }).map((p) => p.snippet.id)).toEqual([
      "a",
      "b",
    ]);
  });

  it("reorders pack-matching snippets for the user's weak keys and boosts", () => {
    const pool = [
      snippet("ssss", "sass sass sass sass"),
      snippet("jjjj", "jakl jakl jakl jakl"),
      snippet("mixed", "sad dads ask a lass"),
    ];
    const plain = rankForPack(pool, pack("home-row"), { count: 3 });
    expect(plain.map((p) => p.snippet.id).sort()).toEqual(["jjjj", "mixed", "ssss"]);
    const weakJ = rankForPack(pool, pack("home-row"), { count: 1, weakness: new Map([["j", 0.8]]) });
    expect(weakJ[0]!.snippet.id).toBe("jjjj");
    expect(weakJ[0]!.reason).toContain("your slow keys j");
    const boosted = rankForPack(pool, pack("home-row"), {
      count: 1,
      boost: (id) => (id === "mixed" ? 2 : 0),
    });
    expect(boosted[0]!.snippet.id).toBe("mixed");
  });

  it("prefers snippets near the typist's level among equal fits", () => {
    const pool = [snippet("hard", "sad lass", 9), snippet("easy", "lad sass", 3)];
    const picks = rankForPack(pool, pack("home-row"), { count: 1, targetDifficulty: 3 });
    expect(picks[0]!.snippet.id).toBe("easy");
  });
});
