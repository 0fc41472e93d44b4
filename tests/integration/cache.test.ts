import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cached, invalidateOwner } from "../../app/lib/cache.server";

describe("the Postgres read cache", () => {
  it("computes once, serves hits, and recomputes after an invalidation", async () => {
    const owner = randomUUID();
    let computed = 0;
    const read = () => cached(owner, "k", 60, async () => ({ n: ++computed }));
    expect(await read()).toEqual({ value: { n: 1 }, hit: false });
    expect(await read()).toEqual({ value: { n: 1 }, hit: true });
    await invalidateOwner(owner);
    expect(await read()).toEqual({ value: { n: 2 }, hit: false });
    // Another owner's entries are untouched.
    const other = randomUUID();
    await cached(other, "k", 60, async () => "theirs");
    await invalidateOwner(owner);
    expect(await cached(other, "k", 60, async () => "recomputed")).toEqual({ value: "theirs", hit: true });
  });

  it("never stores a value computed before an invalidation that happened while it ran", async () => {
    const owner = randomUUID();
    let release!: () => void;
    const slow = cached(owner, "k", 60, () => new Promise<string>((r) => (release = () => r("stale"))));
    await new Promise((r) => setTimeout(r, 50));
    await invalidateOwner(owner);
    release();
    expect(await slow).toEqual({ value: "stale", hit: false });
    expect(await cached(owner, "k", 60, async () => "fresh")).toEqual({ value: "fresh", hit: false });
  });

  it("expires entries after their time to live", async () => {
    const owner = randomUUID();
    await cached(owner, "k", 1, async () => "first");
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await cached(owner, "k", 1, async () => "second")).toEqual({ value: "second", hit: false });
  });
});
