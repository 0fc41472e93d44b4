import { useCallback, useEffect, useRef } from "react";

/**
 * Logs library events from the browser to POST /api/events: impressions and clicks in small batches, and a
 * final flush with `keepalive` when the page is hidden, so events survive navigation. Each event carries a
 * random client_event_id, so a retried batch is never counted twice.
 */
export interface ClientEvent {
  content_id: string;
  event_type: "impression" | "click" | "view" | "complete" | "skip" | "like";
  dwell_ms?: number;
}

export function useEventLogger(userId: string) {
  const queue = useRef<Record<string, unknown>[]>([]);
  const flush = useCallback(() => {
    if (!queue.current.length) return;
    const batch = queue.current.splice(0, 1_000);
    void fetch("/api/events", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(batch),
      keepalive: true,
    }).catch(() => {
      // Offline: keep the events for the next flush.
      queue.current.unshift(...batch);
    });
  }, []);
  const log = useCallback(
    (event: ClientEvent) => {
      queue.current.push({
        ...event,
        user_id: userId,
        ts: new Date().toISOString(),
        client_event_id: crypto.randomUUID(),
      });
      if (queue.current.length >= 50) flush();
    },
    [userId, flush],
  );
  useEffect(() => {
    const timer = setInterval(flush, 5_000);
    const onHide = () => {
      if (document.visibilityState === "hidden") flush();
    };
    document.addEventListener("visibilitychange", onHide);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onHide);
      flush();
    };
  }, [flush]);
  return { log, flush };
}
