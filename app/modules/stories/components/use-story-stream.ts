import { postEventStream, type StreamProblem } from "~/lib/post-event-stream";
import { useCallback, useRef, useState } from "react";
import type { StoryView } from "../stories.server";

/**
 * Reads POST /api/stories in the browser (EventSource cannot POST): the text grows with each `token`,
 * a `restart` (a writer failed and the next one starts over) clears it, `done` brings the stored story.
 * Stop asks the server to end the story (it is kept); if that fails the connection is dropped.
 */
export interface StoryStreamState {
  status: "idle" | "waiting" | "streaming" | "stopping" | "done" | "error";
  id: string | null;
  text: string;
  notice: string | null;
  story: StoryView | null;
  error: StreamProblem | null;
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
      const { problem } = await postEventStream("/api/stories", body, controller.signal, (event, raw) => {
        const data = raw as Record<string, unknown>;
        setState((s) => {
          switch (event) {
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
              return { ...s, status: "error", error: data as unknown as StreamProblem };
            default:
              return s;
          }
        });
      });
      if (problem) {
        setState({ ...idle, status: "error", error: problem });
        return;
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
