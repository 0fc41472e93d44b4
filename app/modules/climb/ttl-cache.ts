import { LRUCache } from "lru-cache";

/**
 * One value cached in this process for a TTL (lru-cache: concurrent misses share one load, and
 * `invalidate()` during a load aborts it so stale rows are never kept), with when it was last loaded for the
 * admin page.
 */
export interface TtlCache<T> {
  get(): Promise<T>;
  invalidate(): void;
  status(): { loadedAt: Date | null; expiresAt: Date | null; loads: number; ttlSeconds: number };
}

const KEY = "value";

export function ttlCache<T extends object>(
  load: () => Promise<T>,
  ttlSeconds: () => number,
  onLoad?: (value: T) => void,
): TtlCache<T> {
  let loadedAt: number | null = null;
  let loads = 0;
  let cache: LRUCache<string, T> | null = null;
  let cacheTtl = -1;
  const current = () => {
    // The TTL comes from the env, read lazily so tests can set it; a 0 TTL still caches for 1 ms.
    const ttl = Math.max(1, ttlSeconds() * 1000);
    if (!cache || cacheTtl !== ttl) {
      cacheTtl = ttl;
      cache = new LRUCache<string, T>({
        max: 1,
        ttl,
        fetchMethod: async () => {
          const value = await load();
          loadedAt = Date.now();
          loads++;
          onLoad?.(value);
          return value;
        },
      });
    }
    return cache;
  };
  return {
    async get() {
      const value = await current().fetch(KEY);
      if (value === undefined) throw new Error("cache load returned nothing");
      return value;
    },
    invalidate() {
      current().delete(KEY);
      loadedAt = null;
    },
    status() {
      const c = current();
      const held = c.has(KEY) && loadedAt !== null;
      return {
        loadedAt: held ? new Date(loadedAt!) : null,
        expiresAt: held ? new Date(Date.now() + c.getRemainingTTL(KEY)) : null,
        loads,
        ttlSeconds: ttlSeconds(),
      };
    },
  };
}
