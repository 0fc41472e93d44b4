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
