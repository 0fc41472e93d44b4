import { createParser } from "eventsource-parser";
import { useCallback, useRef, useState } from "react";
import type { StoryView } from "../stories.server";

/**
 * Reads POST /api/stories in the browser (EventSource cannot POST): the text grows with each `token`,
 * a `restart` (a writer failed and the next one starts over) clears it, `done` brings the stored story.
 * Stop asks the server to end the story (it is kept); if that fails the connection is dropped.
 */
export interface Problem {
  detail: string;
  errors: { path: string; message: string }[];
}

export interface StoryStreamState {
  status: "idle" | "waiting" | "streaming" | "stopping" | "done" | "error";
  id: string | null;
  text: string;
  notice: string | null;
  story: StoryView | null;
  error: Problem | null;
}

const idle: StoryStreamState = { status: "idle", id: null, text: "", notice: null, story: null, error: null };

export function useStoryStream() {
  const [state, setState] = useState<StoryStreamState>(idle);
  const abort = useRef<AbortController | null>(null);
  const idRef = useRef<string | null>(null);

  const start = useCallback(async (body: Record<string, unknown>) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    idRef.current = null;
    setState({ ...idle, status: "waiting" });
    try {
      const response = await fetch("/api/stories", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: controller.signal,
        credentials: "same-origin",
      });
      if (!response.ok || !response.body) {
        const problem = (await response.json().catch(() => null)) as Problem | null;
        const retry = response.headers.get("Retry-After");
        setState({
          ...idle,
          status: "error",
          error: problem
            ? { ...problem, detail: retry ? `${problem.detail} (about ${retry} s)` : problem.detail }
            : { detail: `HTTP ${response.status}`, errors: [] },
        });
        return;
      }
      const parser = createParser({
        onEvent: (e) => {
          const data = JSON.parse(e.data) as Record<string, unknown>;
          setState((s) => {
            switch (e.event) {
              case "start":
                idRef.current = data.id as string;
                return { ...s, status: "streaming", id: data.id as string };
              case "token":
                return { ...s, text: s.text + (data.text as string) };
              case "restart":
                return {
                  ...s,
                  text: "",
                  notice: `The ${String(data.failed)} writer failed; ${String(data.next)} is starting the story again.`,
                };
              case "done":
                return { ...s, status: "done", story: data.story as StoryView };
              case "error":
                return { ...s, status: "error", error: data as unknown as Problem };
              default:
                return s;
            }
          });
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      setState((s) =>
        s.status === "streaming" || s.status === "stopping" || s.status === "waiting"
          ? {
              ...s,
              status: "error",
              error: { detail: "The connection closed before the story was finished; try again", errors: [] },
            }
          : s,
      );
    } catch (error) {
      if ((error as Error).name !== "AbortError")
        setState((s) => ({ ...s, status: "error", error: { detail: (error as Error).message, errors: [] } }));
    }
  }, []);

  const stop = useCallback(async () => {
    const id = idRef.current;
    setState((s) => ({ ...s, status: "stopping" }));
    const stopped = id
      ? await fetch(`/api/stories/${id}/stop`, { method: "POST", credentials: "same-origin" })
          .then((r) => r.ok)
          .catch(() => false)
      : false;
    if (!stopped) {
      abort.current?.abort();
      setState((s) => ({ ...s, status: "idle" }));
    }
  }, []);

  const reset = useCallback(() => {
    abort.current?.abort();
    setState(idle);
  }, []);

  const markSaved = useCallback((story: StoryView) => setState((s) => ({ ...s, story })), []);

  return { state, start, stop, reset, markSaved };
}
