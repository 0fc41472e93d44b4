import { describe, expect, it } from "vitest";
import {
  disjointSplits,
  itemCounts,
  parseRatings,
  randomSplit,
  temporalSplit,
  userItems,
} from "./interactions";

describe("parseRatings", () => {
  it("reads tab-separated MovieLens 100K rows into dense indices", () => {
    const d = parseRatings("196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n");
    expect(d.separator).toBe("\t");
    expect(d.hasHeader).toBe(false);
    expect([d.nUsers, d.nItems, d.users.length]).toEqual([2, 2, 3]);
    expect(d.userIds).toEqual(["196", "186"]);
    expect(d.itemIds).toEqual(["242", "302"]);
    expect(Array.from(d.users)).toEqual([0, 1, 0]);
    expect(Array.from(d.items)).toEqual([0, 1, 1]);
    expect(Array.from(d.timestamps)).toEqual([881250949, 891717742, 878887116]);
    expect(d.itemIndex.get("302")).toBe(1);
  });

  it("reads comma-separated files with a header, and '::' files, with or without timestamps", () => {
    const csv = parseRatings("userId,movieId,rating,timestamp\r\n1,10,4.5,100\r\n2,10,3,90\r\n\r\n");
    expect(csv.hasHeader).toBe(true);
    expect([csv.nUsers, csv.nItems, csv.users.length]).toEqual([2, 1, 2]);
    expect(Array.from(csv.ratings)).toEqual([4.5, 3]);
    const ml1m = parseRatings("1::1193::5::978300760\n1::661::3::978302109\n");
    expect(ml1m.separator).toBe("::");
    expect(ml1m.nItems).toBe(2);
    const noTime = parseRatings("a,x,1\nb,y,2\n");
    expect(Number.isNaN(noTime.timestamps[0])).toBe(true);
  });

  it("counts a repeated pair once, at its earliest timestamp, and can drop low ratings", () => {
    const d = parseRatings("1\t5\t4\t200\n1\t5\t2\t100\n2\t5\t1\t50\n");
    expect(d.users.length).toBe(2);
    expect(d.duplicates).toBe(1);
    expect(d.timestamps[0]).toBe(100);
    const liked = parseRatings("1\t5\t4\t200\n2\t6\t2\t100\n", { minRating: 4 });
    expect([liked.users.length, liked.nUsers, liked.belowMinRating]).toEqual([1, 1, 1]);
  });

  it("names the line of a malformed row", () => {
    expect(() => parseRatings("1\t2\t3\n1\t2\n")).toThrow(/line 2/);
    expect(() => parseRatings("1\t2\t3\t4\n5\t6\tx\t7\n")).toThrow(/line 2/);
    expect(() => parseRatings("\n\n")).toThrow(/empty/);
  });
});

/** 20 users x 10 interactions each, timestamps increasing with the item. */
function synthetic() {
  const lines: string[] = [];
  for (let u = 0; u < 20; u++)
    for (let i = 0; i < 10; i++) lines.push(`u${u}\ti${(u + i) % 15}\t5\t${1000 + i}`);
  return parseRatings(lines.join("\n"));
}

describe("splits", () => {
  it("randomSplit partitions the interactions 80/20, reproducibly", () => {
    const d = synthetic();
    const a = randomSplit(d, 0.8, 1);
    const b = randomSplit(d, 0.8, 1);
    const c = randomSplit(d, 0.8, 2);
    expect(a.train.users.length).toBe(160);
    expect(a.test.users.length).toBe(40);
    expect(Array.from(a.test.items)).toEqual(Array.from(b.test.items));
    expect(Array.from(a.test.timestamps)).not.toEqual(Array.from(c.test.timestamps));
    const key = (s: typeof a.train, r: number) => `${s.users[r]} ${s.items[r]}`;
    const trainKeys = new Set(Array.from(a.train.users, (_, r) => key(a.train, r)));
    for (let r = 0; r < a.test.users.length; r++) expect(trainKeys.has(key(a.test, r))).toBe(false);
    expect(itemCounts(a.train).reduce((x, y) => x + y, 0)).toBe(160);
  });

  it("temporalSplit holds out each user's latest 20%", () => {
    const d = synthetic();
    const s = temporalSplit(d, 0.8);
    const train = userItems(s.train);
    expect(s.test.users.length).toBe(40);
    for (let u = 0; u < 20; u++) expect(train.offsets[u + 1]! - train.offsets[u]!).toBe(8);
    // Each user's test interactions are their two latest (timestamps 1008 and 1009).
    expect(new Set(s.test.timestamps)).toEqual(new Set([1008, 1009]));
  });

  it("disjointSplits holds out disjoint slices", () => {
    const d = synthetic();
    const splits = disjointSplits(d, 0.2, 3, 7);
    const held = splits.map(
      (s) => new Set(Array.from(s.test.timestamps, (t, r) => `${s.test.users[r]} ${s.test.items[r]} ${t}`)),
    );
    expect(splits.map((s) => s.test.users.length)).toEqual([40, 40, 40]);
    expect(splits.every((s) => s.train.users.length === 160)).toBe(true);
    for (const key of held[0]!) expect(held[1]!.has(key) || held[2]!.has(key)).toBe(false);
    expect(() => disjointSplits(d, 0.4, 3, 1)).toThrow();
  });
});
