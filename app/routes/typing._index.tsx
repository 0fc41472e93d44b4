import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Card } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { KeyboardHeatmap } from "~/modules/typing/components/keyboard-heatmap";
import { SnippetWpmChart } from "~/modules/typing/components/progress-charts";
import { TypingZone } from "~/modules/typing/components/typing-zone";
import { z } from "zod";
import { frenchDrill } from "~/modules/typing/french-drill.server";
import { LESSON_PACKS, lessonPack, keyLabel } from "~/modules/typing/lesson-packs";
import { nextSnippets, type NextSnippets } from "~/modules/typing/next-snippets.server";
import { storySnippets } from "~/modules/typing/own-snippets.server";
import { packSnippets } from "~/modules/typing/pack-snippets.server";
import { modeSchema } from "~/modules/typing/schemas";
import { keyStatsForUser } from "~/modules/typing/stats.server";
import { slowestKeys, typingStats, type TypingState } from "~/modules/typing/typing-state";
import { TARGET_MS_PER_KEY } from "../../ml/typing/key-stats";

export const meta: MetaFunction = () => [{ title: "Typing · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  // ?story=<id>: the passages of one of the user's stories (sent from /stories), in order.
  const storyId = z.uuid().safeParse(params.get("story")).data;
  // ?drill=french: the learner's own French words; ?pack=<key>: one lesson pack.
  const drill = !storyId && params.get("drill") === "french" ? ("french" as const) : null;
  const packParam = storyId || drill ? null : params.get("pack");
  const pack = packParam ? lessonPack(packParam) : undefined;
  const requestedMode = modeSchema
    .optional()
    .catch(undefined)
    .parse(params.get("mode") ?? undefined);
  let frenchWords: number | null = null;
  const load = async (): Promise<NextSnippets> => {
    if (storyId) return storySnippets(user.id, storyId);
    if (drill) {
      const built = await frenchDrill(user.id);
      frenchWords = built.wordCount;
      return built;
    }
    if (pack) return packSnippets(user.id, pack, 5, requestedMode);
    return nextSnippets(user.id, requestedMode ?? "words", 5);
  };
  const [next, keys] = await Promise.all([load(), keyStatsForUser(user.id)]);
  // A pack mixes word and sentence snippets; its session takes the mode most of them have.
  const sentences = next.snippets.filter((s) => s.mode === "sentences").length;
  const mode =
    storyId || drill
      ? "sentences"
      : pack && !requestedMode
        ? sentences * 2 > next.snippets.length
          ? "sentences"
          : "words"
        : (requestedMode ?? "words");
  return {
    userId: user.id,
    mode,
    next,
    keys,
    targetMs: TARGET_MS_PER_KEY,
    pack: pack ? { key: pack.key, title: pack.title, keys: pack.keys, description: pack.description } : null,
    unknownPack: packParam !== null && !pack ? packParam : null,
    drill,
    frenchWords,
  };
}

interface Result {
  snippetId: string;
  wpm: number;
  accuracy: number;
  elapsedMs: number;
  errors: number;
  slowest: { key: string; ms: number }[];
  saved: "saving" | "saved" | "failed";
}

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
}

export default function Typing() {
  const { userId, mode, next, keys, targetMs, pack, unknownPack, drill, frenchWords } =
    useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [index, setIndex] = useState(0);
  const [phase, setPhase] = useState<"typing" | "result" | "summary">("typing");
  const [results, setResults] = useState<Result[]>([]);
  const session = useRef<Promise<string> | null>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const snippet = next.snippets[index];

  // A new batch of snippets (mode switch or "practise again") starts a new session.
  useEffect(() => {
    setIndex(0);
    setPhase("typing");
    setResults([]);
    session.current = null;
  }, [next]);

  useEffect(() => {
    if (phase !== "typing") nextButton.current?.focus();
  }, [phase]);

  const ensureSession = useCallback(() => {
    session.current ??= postJson("/api/typing/sessions", { mode }).then(async (r) => {
      if (!r.ok) throw new Error(`session: ${r.status}`);
      return ((await r.json()) as { session: { id: string } }).session.id;
    });
    return session.current;
  }, [mode]);

  const save = useCallback(
    async (state: TypingState, position: number, snippetId: string, difficulty: number, eventId: string) => {
      const stats = typingStats(state, state.finishedAt!);
      const sessionId = await ensureSession();
      const response = await postJson("/api/telemetry/snippet", {
        snippet: {
          snippet_id: snippetId,
          session_id: sessionId,
          wpm: Math.round(stats.wpm * 100) / 100,
          accuracy: Math.round(stats.accuracy * 10_000) / 10_000,
          position,
          difficulty,
          started_at: new Date(state.startedAt!).toISOString(),
          completed_at: new Date(state.finishedAt!).toISOString(),
        },
        user_state: { user_id: userId },
        keystrokes: state.keystrokes,
        client_event_id: eventId,
        ...(pack ? { pack: pack.key } : {}),
      });
      if (!response.ok) throw new Error(`telemetry: ${response.status}`);
    },
    [ensureSession, userId, pack],
  );

  const onFinish = useCallback(
    (state: TypingState) => {
      if (!snippet) return;
      const stats = typingStats(state, state.finishedAt!);
      const position = index;
      const result: Result = {
        snippetId: snippet.id,
        wpm: stats.wpm,
        accuracy: stats.accuracy,
        elapsedMs: stats.elapsedMs,
        errors: stats.errors,
        slowest: slowestKeys(state),
        saved: "saving",
      };
      setResults((rs) => [...rs, result]);
      setPhase("result");
      const eventId = crypto.randomUUID();
      const mark = (saved: Result["saved"]) =>
        setResults((rs) => rs.map((r, i) => (i === position ? { ...r, saved } : r)));
      save(state, position, snippet.id, snippet.difficulty, eventId).then(
        () => mark("saved"),
        () => mark("failed"),
      );
    },
    [snippet, index, save],
  );

  const last = results.at(-1);
  const finishedAll = index >= next.snippets.length - 1;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Typing</h1>
          <p className="text-slate-600 dark:text-slate-400" data-testid="typing-focus">
            {pack
              ? `${pack.title} pack: drills ${pack.keys.map(keyLabel).join(" ")}`
              : drill === "french"
                ? "French accents, from your own French words."
                : next.policy === "own"
                  ? "Your story, passage by passage."
                  : next.policy === "cold-start"
                    ? "Type a few snippets so Praxis can learn which keys to drill."
                    : next.focus.length > 0
                      ? `Today's focus: ${next.focus.map((f) => f.key).join(", ")}`
                      : "Snippets picked for your level."}
          </p>
        </div>
        <nav aria-label="Typing mode" className="flex gap-2">
          {(["words", "sentences"] as const).map((m) => (
            <Link
              key={m}
              to={`/typing?mode=${m}`}
              aria-current={m === mode && !pack && !drill ? "page" : undefined}
              className={`rounded-md px-3 py-2 text-sm font-medium ${m === mode && !pack && !drill ? "bg-brand-600 text-white" : "border border-slate-300 dark:border-slate-700"}`}
            >
              {m === "words" ? "Words" : "Sentences"}
            </Link>
          ))}
          <Link
            to="/typing/stats"
            className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium dark:border-slate-700"
          >
            Stats
          </Link>
        </nav>
      </div>

      <PackChooser current={pack?.key ?? (drill === "french" ? "french-drill" : null)} />

      {unknownPack ? (
        <Card>
          <p role="alert">
            There is no lesson pack called “{unknownPack}”. Choose one above; below is your adaptive practice.
          </p>
        </Card>
      ) : null}

      {pack ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="pack-description">
          {pack.description}
        </p>
      ) : null}

      {drill === "french" && frenchWords === 0 ? (
        <Card title="No French words yet">
          <p data-testid="french-drill-empty">
            This drill is made from the French words you are learning, and you have not started any yet.{" "}
            <Link to="/learn" className="font-medium text-brand-700 underline dark:text-brand-300">
              Start learning French
            </Link>{" "}
            and your words will be here to type, accents and all.
          </p>
        </Card>
      ) : null}

      {phase === "typing" && snippet ? (
        <Card>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            Snippet {index + 1} of {next.snippets.length} · difficulty {snippet.difficulty.toFixed(1)} ·{" "}
            <span data-testid="snippet-reason">{snippet.reason}</span>
          </p>
          <TypingZone key={snippet.id} text={snippet.text} onFinish={onFinish} />
        </Card>
      ) : null}

      {phase === "result" && last ? (
        <Card title="Snippet done">
          <ResultNumbers
            wpm={last.wpm}
            accuracy={last.accuracy}
            seconds={last.elapsedMs / 1000}
            errors={last.errors}
          />
          {last.slowest.length > 0 ? (
            <p className="mt-3 text-sm">
              Slowest keys here:{" "}
              {last.slowest
                .map((s) => `${s.key === " " ? "space" : s.key} (${Math.round(s.ms)} ms)`)
                .join(", ")}
            </p>
          ) : null}
          <SaveState saved={last.saved} />
          <Button
            ref={nextButton}
            className="mt-4"
            onClick={() => (finishedAll ? setPhase("summary") : (setIndex((i) => i + 1), setPhase("typing")))}
          >
            {finishedAll ? "See the session summary" : "Next snippet"}
          </Button>
        </Card>
      ) : null}

      {phase === "summary" ? (
        <Card title="Session summary">
          <ResultNumbers
            wpm={
              results.reduce((s, r) => s + r.wpm * r.elapsedMs, 0) /
              Math.max(
                1,
                results.reduce((s, r) => s + r.elapsedMs, 0),
              )
            }
            accuracy={results.reduce((s, r) => s + r.accuracy, 0) / Math.max(1, results.length)}
            seconds={results.reduce((s, r) => s + r.elapsedMs, 0) / 1000}
            errors={results.reduce((s, r) => s + r.errors, 0)}
          />
          <SnippetWpmChart results={results} />
          <div className="mt-4 flex gap-3">
            <Button
              ref={nextButton}
              onClick={() => revalidator.revalidate()}
              disabled={revalidator.state !== "idle"}
            >
              Practise again
            </Button>
            <Link
              to="/typing/stats"
              className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium dark:border-slate-700"
            >
              See progress
            </Link>
          </div>
        </Card>
      ) : null}

      {next.snippets.length === 0 && !(drill === "french" && frenchWords === 0) ? (
        <Card>No snippets are available in this mode yet.</Card>
      ) : null}

      <Card title="Your keys">
        <KeyboardHeatmap keys={keys} targetMs={targetMs} />
      </Card>
    </div>
  );
}

function ResultNumbers({
  wpm,
  accuracy,
  seconds,
  errors,
}: {
  wpm: number;
  accuracy: number;
  seconds: number;
  errors: number;
}) {
  const items = [
    ["WPM", Math.round(wpm).toString(), "result-wpm"],
    ["accuracy", `${Math.round(accuracy * 100)}%`, "result-accuracy"],
    ["seconds", seconds.toFixed(1), "result-seconds"],
    ["errors", errors.toString(), "result-errors"],
  ];
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
      {items.map(([label, value, id]) => (
        <div key={label}>
          <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
          <dd className="text-3xl font-semibold tabular-nums" data-testid={id}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function SaveState({ saved }: { saved: Result["saved"] }) {
  const text = {
    saving: "Saving…",
    saved: "Saved to your progress.",
    failed: "Could not save this result; check your connection.",
  }[saved];
  return (
    <p
      role="status"
      className={`mt-2 text-xs ${saved === "failed" ? "text-red-700 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}
      data-testid="save-state"
    >
      {text}
    </p>
  );
}

/** The lesson packs, the French drill and the adaptive session, as links; the current one marked. */
function PackChooser({ current }: { current: string | null }) {
  const linkClass = (active: boolean) =>
    `block rounded-md px-3 py-2 text-sm ${active ? "bg-brand-600 text-white" : "border border-slate-300 hover:border-brand-500 dark:border-slate-700"}`;
  return (
    <nav aria-label="Lesson packs">
      <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-300">Lesson packs</h2>
      <ul className="flex flex-wrap gap-2">
        {LESSON_PACKS.map((p) => (
          <li key={p.key}>
            <Link
              to={`/typing?pack=${p.key}`}
              aria-current={current === p.key ? "page" : undefined}
              className={linkClass(current === p.key)}
              title={p.description}
            >
              <span className="font-medium">{p.title}</span>{" "}
              <span className="opacity-80">
                · level {p.difficulty} · {p.minutes} min
              </span>
            </Link>
          </li>
        ))}
        <li>
          <Link
            to="/typing?drill=french"
            aria-current={current === "french-drill" ? "page" : undefined}
            className={linkClass(current === "french-drill")}
            title="Type the French words you are learning, accents and all"
          >
            <span className="font-medium">Your French words</span>
          </Link>
        </li>
      </ul>
    </nav>
  );
}
