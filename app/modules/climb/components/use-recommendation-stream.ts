import { createParser } from "eventsource-parser";
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
      const response = await fetch("/api/v1/recommendations/pre-session/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const problem = (await response.json().catch(() => null)) as StreamState["error"];
        setState({
          ...idle,
          status: "error",
          error: problem ?? { detail: `HTTP ${response.status}`, errors: [] },
        });
        return;
      }
      const parser = createParser({
        onEvent: (e) => {
          const data = JSON.parse(e.data) as unknown;
          setState((s) =>
            e.event === "error"
              ? { ...s, status: "error", error: data as StreamState["error"] }
              : {
                  ...s,
                  status: e.event === "done" ? "done" : s.status,
                  phases: { ...s.phases, [e.event ?? "message"]: data },
                  order: [...s.order, e.event ?? "message"],
                },
          );
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
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
