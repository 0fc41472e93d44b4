import { describe, expect, it } from "vitest";
import { ttlCache } from "./ttl-cache.ts";

describe("ttlCache", () => {
  it("loads once for concurrent misses, serves from memory within the TTL, reloads after it", async () => {
    let loads = 0;
    let ttl = 60;
    const cache = ttlCache(
      async () => ({ n: ++loads }),
      () => ttl,
    );
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(a).toEqual({ n: 1 });
    expect(b).toBe(a);
    expect(await cache.get()).toBe(a);
    expect(cache.status().loads).toBe(1);
    expect(cache.status().expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    ttl = 0.02;
    await new Promise((r) => setTimeout(r, 40));
    expect(await cache.get()).toEqual({ n: 2 });
  });

  it("drops the value at once when invalidated", async () => {
    let version = 1;
    const cache = ttlCache(
      async () => ({ version }),
      () => 300,
    );
    expect(await cache.get()).toEqual({ version: 1 });
    version = 2;
    expect(await cache.get()).toEqual({ version: 1 });
    cache.invalidate();
    expect(cache.status().loadedAt).toBeNull();
    expect(await cache.get()).toEqual({ version: 2 });
  });
});

describe("ttlCache invalidation during a load", () => {
  it("answers the callers already waiting, and loads afresh for the next", async () => {
    let version = 1;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const cache = ttlCache(
      async () => {
        const v = version;
        if (v === 1) await gate;
        return { v };
      },
      () => 300,
    );
    const waiting = cache.get();
    cache.invalidate();
    version = 2;
    const next = cache.get();
    release();
    expect(await waiting).toEqual({ v: 1 });
    expect(await next).toEqual({ v: 2 });
    // The stale load is not kept: the cache holds the fresh value.
    expect(await cache.get()).toEqual({ v: 2 });
  });

  it("passes a failed load to its callers and tries again on the next get", async () => {
    let fail = true;
    const cache = ttlCache(
      async () => {
        if (fail) throw new Error("db down");
        return { ok: true };
      },
      () => 300,
    );
    await expect(cache.get()).rejects.toThrow("db down");
    fail = false;
    expect(await cache.get()).toEqual({ ok: true });
  });
});
