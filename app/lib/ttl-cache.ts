/**
 * One value cached in this process for a TTL. Concurrent misses share one load; `invalidate()` drops the
 * value and detaches any load in flight, so the next `get()` reads fresh rows while callers already waiting
 * still get the answer they asked for (never an error). Hand-written: lru-cache's fetch() rejects waiters
 * when the key is deleted mid-load, which would fail requests whenever an admin saves a rule.
 */
export interface TtlCache<T> {
  get(): Promise<T>;
  invalidate(): void;
  status(): { loadedAt: Date | null; expiresAt: Date | null; loads: number; ttlSeconds: number };
}

export function ttlCache<T>(
  load: () => Promise<T>,
  ttlSeconds: () => number,
  onLoad?: (value: T) => void,
): TtlCache<T> {
  let value: { data: T; loadedAt: number } | null = null;
  let pending: Promise<T> | null = null;
  let generation = 0;
  let loads = 0;
  const fresh = () => value !== null && Date.now() - value.loadedAt < ttlSeconds() * 1000;
  return {
    async get() {
      if (fresh()) return value!.data;
      if (!pending) {
        const started = generation;
        const loading = load().then((data) => {
          loads++;
          // Keep it only if no invalidation happened meanwhile: it may predate the change.
          if (started === generation) {
            value = { data, loadedAt: Date.now() };
            onLoad?.(data);
          }
          return data;
        });
        pending = loading;
        void loading
          .finally(() => {
            if (pending === loading) pending = null;
          })
          .catch(() => {});
      }
      return pending;
    },
    invalidate() {
      generation++;
      value = null;
      pending = null;
    },
    status() {
      return {
        loadedAt: value ? new Date(value.loadedAt) : null,
        expiresAt: value ? new Date(value.loadedAt + ttlSeconds() * 1000) : null,
        loads,
        ttlSeconds: ttlSeconds(),
      };
    },
  };
}

/** A cache's status as the admin API and pages show it. */
export function cacheStatusJson(cache: Pick<TtlCache<unknown>, "status">) {
  const s = cache.status();
  return {
    loaded_at: s.loadedAt?.toISOString() ?? null,
    expires_at: s.expiresAt?.toISOString() ?? null,
    ttl_seconds: s.ttlSeconds,
    loads: s.loads,
  };
}
