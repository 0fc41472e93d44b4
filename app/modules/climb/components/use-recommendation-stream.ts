import { postEventStream } from "~/lib/post-event-stream";
import { useCallback, useRef, useState } from "react";

/**
 * Reads POST /api/v1/recommendations/pre-session/stream in the browser (EventSource cannot POST) and keeps
 * each phase as it arrives, so the page renders the advice progressively.
 */
export type StreamPhases = Partial<
  Record<"context_loaded" | "override" | "prediction" | "recommendations" | "stats" | "done", unknown>
>;

export interface StreamState {
  status: "idle" | "streaming" | "done" | "error";
  phases: StreamPhases;
  order: string[];
  error: { detail: string; errors: { path: string; message: string }[] } | null;
}

const idle: StreamState = { status: "idle", phases: {}, order: [], error: null };

export function useRecommendationStream() {
  const [state, setState] = useState<StreamState>(idle);
  const abort = useRef<AbortController | null>(null);
  const start = useCallback(async (body: Record<string, unknown>) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ ...idle, status: "streaming" });
    try {
      const { problem } = await postEventStream(
        "/api/v1/recommendations/pre-session/stream",
        body,
        controller.signal,
        (event, data) =>
          setState((s) =>
            event === "error"
              ? { ...s, status: "error", error: data as StreamState["error"] }
              : {
                  ...s,
                  status: event === "done" ? "done" : s.status,
                  phases: { ...s.phases, [event]: data },
                  order: [...s.order, event],
                },
          ),
      );
      if (problem) {
        setState({ ...idle, status: "error", error: problem });
        return;
      }
      // A stream cut before `done` (a dropped connection) must not leave the page waiting forever.
      setState((s) =>
        s.status === "streaming"
          ? {
              ...s,
              status: "error",
              error: {
                detail: "The connection closed before the advice was complete; try again",
                errors: [],
              },
            }
          : s,
      );
    } catch (error) {
      if ((error as Error).name !== "AbortError")
        setState((s) => ({ ...s, status: "error", error: { detail: (error as Error).message, errors: [] } }));
    }
  }, []);
  return { state, start };
}
