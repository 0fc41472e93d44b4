import { useNavigate } from "@remix-run/react";
import { useState } from "react";
import { Button, FormError } from "~/components/ui/field";
import type { StoryView } from "../stories.server";

const STOP_REASONS: Record<StoryView["stats"]["stopReason"], string> = {
  eos: "the story ended",
  max_tokens: "reached the length you asked for",
  context: "reached the model's 512-token context",
  stopped: "you stopped it",
};

/** The opening as the reader wrote it, then what the writer added, paragraph breaks kept. */
export function StoryText({ prompt, body, writing }: { prompt: string; body: string; writing?: boolean }) {
  return (
    <div
      className="whitespace-pre-wrap font-serif text-lg leading-relaxed text-slate-900 dark:text-slate-100"
      data-testid="story-text"
    >
      <span className="text-slate-500 dark:text-slate-400">{prompt}</span>
      <span>{body}</span>
      {writing ? (
        <span aria-hidden className="ml-0.5 inline-block h-5 w-2 animate-pulse bg-brand-600 align-middle" />
      ) : null}
    </div>
  );
}

/** Every number here was measured on this story's run. */
export function StoryStats({ story }: { story: StoryView }) {
  const s = story.stats;
  const items = [
    ["Written by", `${story.provider} · ${story.model}`],
    ["Words", String(s.words)],
    ["New tokens", s.newTokens === null ? "not counted (hosted)" : String(s.newTokens)],
    ["First text after", s.firstTokenMs === null ? "–" : `${s.firstTokenMs} ms`],
    ["Time", `${(s.durationMs / 1000).toFixed(1)} s`],
    ["Speed", s.tokensPerSecond === null ? "–" : `${s.tokensPerSecond} tokens/s`],
    ["Ended because", STOP_REASONS[s.stopReason]],
    ["Seed", String(story.params.seed)],
  ];
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4" data-testid="story-stats">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
            <dd className="font-medium">{v}</dd>
          </div>
        ))}
      </dl>
      {s.promptTokensDropped > 0 ? (
        <p className="text-slate-600 dark:text-slate-400">
          Your opening was longer than the model can read: it saw only its last part ({s.promptTokensDropped}{" "}
          tokens were left out).
        </p>
      ) : null}
      {s.attempts.length ? (
        <p className="text-amber-800 dark:text-amber-300">
          Fell back after: {s.attempts.map((a) => `${a.provider} (${a.error})`).join("; ")}
        </p>
      ) : null}
    </div>
  );
}

async function post(url: string, json?: unknown) {
  const r = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    ...(json === undefined
      ? {}
      : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(json) }),
  });
  const body = (await r.json().catch(() => null)) as Record<string, unknown> | null;
  if (!r.ok) throw new Error((body?.detail as string) ?? `HTTP ${r.status}`);
  return body!;
}

/**
 * Save to my library, share it in the library for other readers (sharing saves it too), and "type this
 * story" (the typing module serves its passages).
 */
export function StoryActions({ story, onSaved }: { story: StoryView; onSaved?: (s: StoryView) => void }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState<"save" | "share" | "type" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (what: "save" | "share" | "type", shared?: boolean) => {
    setBusy(what);
    setError(null);
    try {
      if (what === "save") onSaved?.((await post(`/api/stories/${story.id}/save`)).story as StoryView);
      else if (what === "share")
        onSaved?.((await post(`/api/stories/${story.id}/save`, { shared })).story as StoryView);
      else navigate((await post(`/api/stories/${story.id}/typing`)).url as string);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {story.saved ? (
          <span
            role="status"
            className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
          >
            Saved in your library
          </span>
        ) : (
          <Button type="button" onClick={() => void run("save")} disabled={busy !== null}>
            {busy === "save" ? "Saving…" : "Save to my library"}
          </Button>
        )}
        <label className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">
          <input
            type="checkbox"
            checked={story.shared}
            disabled={busy !== null}
            onChange={(e) => void run("share", e.currentTarget.checked)}
            aria-describedby={`share-hint-${story.id}`}
          />
          Share in the library
        </label>
        <Button type="button" variant="secondary" onClick={() => void run("type")} disabled={busy !== null}>
          {busy === "type" ? "Preparing…" : "Type this story"}
        </Button>
      </div>
      <p id={`share-hint-${story.id}`} className="text-xs text-slate-600 dark:text-slate-400">
        {story.shared
          ? "Other readers can read this story in the library (without your name)."
          : "Shared stories can be read by other readers in the library, without your name."}
      </p>
      <FormError message={error} />
    </div>
  );
}
