import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { requireUser } from "~/lib/auth.server";
import { checkAnswer, suggestedRating, type AnswerVerdict } from "~/modules/learn/answer-check";
import { getProfile } from "~/modules/learn/profile.server";
import { getQueue } from "~/modules/learn/reviews.server";

export const meta: MetaFunction = () => [{ title: "Review · French · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!(await getProfile(user.id))) throw redirect("/learn");
  return getQueue(user.id, 100);
}

type Queue = Awaited<ReturnType<typeof getQueue>>;
type Item = Queue["items"][number];
const RATINGS = [
  { key: "again", label: "Again", shortcut: "1", tone: "bg-red-600 hover:bg-red-700" },
  { key: "hard", label: "Hard", shortcut: "2", tone: "bg-amber-600 hover:bg-amber-700" },
  { key: "good", label: "Good", shortcut: "3", tone: "bg-green-700 hover:bg-green-800" },
  { key: "easy", label: "Easy", shortcut: "4", tone: "bg-sky-700 hover:bg-sky-800" },
] as const;

interface Done {
  wordId: number;
  rating: number;
}

async function fetchQueue(): Promise<Queue> {
  const response = await fetch("/api/v1/progress/queue?limit=100", { credentials: "same-origin" });
  if (!response.ok) throw new Error(`queue: ${response.status}`);
  return (await response.json()) as Queue;
}

export default function Review() {
  const initial = useLoaderData<typeof loader>();
  const [items, setItems] = useState<Item[]>(initial.items);
  const [index, setIndex] = useState(0);
  const [revealed, setRevealed] = useState(false);
  const [direction, setDirection] = useState<"fr-en" | "en-fr">("fr-en");
  const [typed, setTyped] = useState(false);
  const [answer, setAnswer] = useState("");
  const [verdict, setVerdict] = useState<AnswerVerdict | null>(null);
  const [done, setDone] = useState<Done[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [nextDueAt, setNextDueAt] = useState(initial.next_due_at);
  const shownAt = useRef(Date.now());
  const startedAt = useRef(Date.now());
  const answerInput = useRef<HTMLInputElement>(null);
  const item = items[index];
  const finished = !item;

  useEffect(() => {
    shownAt.current = Date.now();
    if (typed) answerInput.current?.focus();
  }, [index, items, typed]);

  const prompt = item ? (direction === "fr-en" ? item.french : item.english) : "";
  const solution = item ? (direction === "fr-en" ? item.english : item.french) : "";

  const reveal = useCallback(() => {
    if (!item || revealed) return;
    if (typed) setVerdict(checkAnswer(answer, solution));
    setRevealed(true);
  }, [item, revealed, typed, answer, solution]);

  const rate = useCallback(
    async (rating: 0 | 1 | 2 | 3) => {
      if (!item || !revealed) return;
      setError(null);
      const response = await fetch("/api/v1/progress/review", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({
          word_id: item.word_id,
          rating,
          client_review_id: crypto.randomUUID(),
          direction,
          answer_mode: typed ? "typed" : "flip",
          duration_ms: Math.min(3_600_000, Date.now() - shownAt.current),
        }),
      });
      if (!response.ok) {
        setError("Could not save that review; try again.");
        return;
      }
      setDone((d) => [...d, { wordId: item.word_id, rating }]);
      setRevealed(false);
      setAnswer("");
      setVerdict(null);
      if (index + 1 < items.length) setIndex(index + 1);
      else {
        // Cards rated Again or Hard are back within minutes: fetch what is due now.
        const queue = await fetchQueue();
        setItems(queue.items);
        setNextDueAt(queue.next_due_at);
        setIndex(0);
      }
    },
    [item, revealed, direction, typed, index, items.length],
  );

  const undo = useCallback(async () => {
    if (!done.length) return;
    const response = await fetch("/api/v1/progress/review/undo", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: "{}",
    });
    if (!response.ok) return;
    const queue = await fetchQueue();
    const last = done[done.length - 1]!;
    setDone((d) => d.slice(0, -1));
    // Show the word that was taken back first.
    const back = queue.items.find((i) => i.word_id === last.wordId);
    setItems(back ? [back, ...queue.items.filter((i) => i !== back)] : queue.items);
    setIndex(0);
    setRevealed(false);
    setVerdict(null);
    setAnswer("");
  }, [done]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const inInput = event.target instanceof HTMLInputElement;
      if (event.key === "Enter" || (event.key === " " && !inInput)) {
        if (!revealed) {
          event.preventDefault();
          reveal();
        } else if (event.key === "Enter" && verdict) {
          event.preventDefault();
          void rate(suggestedRating(verdict));
        }
        return;
      }
      if (inInput && !revealed) return;
      if (revealed && ["1", "2", "3", "4"].includes(event.key)) {
        event.preventDefault();
        void rate((Number(event.key) - 1) as 0 | 1 | 2 | 3);
      } else if (event.key === "u" || (event.key === "z" && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        void undo();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [revealed, reveal, rate, undo, verdict]);

  const total = done.length + items.length - index;
  const counts = RATINGS.map((_, r) => done.filter((d) => d.rating === r).length);
  const minutes = Math.max(1, Math.round((Date.now() - startedAt.current) / 60_000));

  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-100">Review</h1>
        <div className="flex gap-2 text-sm">
          <button
            type="button"
            className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700"
            aria-pressed={direction === "en-fr"}
            onClick={() => setDirection(direction === "fr-en" ? "en-fr" : "fr-en")}
          >
            {direction === "fr-en" ? "French → English" : "English → French"}
          </button>
          <button
            type="button"
            className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700"
            aria-pressed={typed}
            onClick={() => setTyped(!typed)}
          >
            {typed ? "Typed answers" : "Flip cards"}
          </button>
        </div>
      </div>

      <div>
        <div className="mb-1 flex justify-between text-sm text-slate-600 dark:text-slate-400">
          <span data-testid="progress-text">
            {done.length} of {total} reviewed
          </span>
          {done.length ? (
            <button type="button" className="underline" onClick={() => void undo()}>
              Undo (U)
            </button>
          ) : null}
        </div>
        <div
          className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done.length}
          aria-label="Today's queue"
        >
          <div
            className="h-full bg-indigo-600"
            style={{ width: `${total ? (100 * done.length) / total : 100}%` }}
          />
        </div>
      </div>

      {finished ? (
        <section
          aria-label="Session summary"
          className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <h2 className="text-xl font-semibold">Session done</h2>
          <p className="mt-2" data-testid="summary">
            {done.length} review{done.length === 1 ? "" : "s"} in about {minutes} minute
            {minutes === 1 ? "" : "s"}; recalled{" "}
            {done.length ? Math.round((100 * (done.length - counts[0]!)) / done.length) : 0}%.
          </p>
          <ul className="mt-3 flex gap-4 text-sm">
            {RATINGS.map((r, i) => (
              <li key={r.key}>
                {r.label}: <strong>{counts[i]}</strong>
              </li>
            ))}
          </ul>
          {nextDueAt ? (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
              Next card due {new Date(nextDueAt).toLocaleString()}.
            </p>
          ) : null}
          <Link to="/learn" className="mt-4 inline-block underline">
            Back to French
          </Link>
        </section>
      ) : (
        <section
          aria-label="Flashcard"
          className="rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <p className="text-xs tracking-wide text-slate-500 uppercase">
            {item.kind === "new" ? "New word" : "Review"} · {item.part_of_speech ?? "word"}
            {item.gender ? ` · ${item.gender === "m" ? "masculine" : "feminine"}` : ""}
          </p>
          <p
            className="mt-4 text-4xl font-semibold"
            lang={direction === "fr-en" ? "fr" : "en"}
            data-testid="prompt"
          >
            {prompt}
          </p>
          {typed && !revealed ? (
            <input
              ref={answerInput}
              aria-label={direction === "fr-en" ? "Your answer in English" : "Your answer in French"}
              className="mt-6 w-full rounded-md border border-slate-300 px-3 py-2 text-center text-lg dark:border-slate-700 dark:bg-slate-950"
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
            />
          ) : null}
          {revealed ? (
            <div className="mt-6 space-y-2">
              <p className="text-2xl" lang={direction === "fr-en" ? "en" : "fr"} data-testid="solution">
                {solution}
              </p>
              {verdict ? (
                <p
                  role="status"
                  data-testid="verdict"
                  className={
                    verdict.result === "correct"
                      ? "text-green-700 dark:text-green-400"
                      : verdict.result === "accent"
                        ? "text-amber-700 dark:text-amber-400"
                        : "text-red-700 dark:text-red-400"
                  }
                >
                  {verdict.result === "correct"
                    ? "Correct."
                    : verdict.result === "accent"
                      ? verdict.note
                      : `Not quite: “${answer || "(nothing)"}”.`}
                </p>
              ) : null}
              {item.example_fr ? (
                <p className="text-sm text-slate-600 italic dark:text-slate-400">
                  {item.example_fr} — {item.example_en}
                </p>
              ) : null}
            </div>
          ) : (
            <button
              type="button"
              onClick={reveal}
              className="mt-6 rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
            >
              {typed ? "Check (Enter)" : "Show answer (Space)"}
            </button>
          )}
          {revealed ? (
            <div className="mt-6 grid grid-cols-4 gap-2" role="group" aria-label="How well did you remember?">
              {RATINGS.map((r, i) => (
                <button
                  key={r.key}
                  type="button"
                  onClick={() => void rate(i as 0 | 1 | 2 | 3)}
                  className={`rounded-md px-2 py-2 text-white ${r.tone} ${
                    verdict && suggestedRating(verdict) === i ? "ring-4 ring-indigo-300" : ""
                  }`}
                >
                  <span className="block font-semibold">
                    {r.label} ({r.shortcut})
                  </span>
                  <span className="block text-xs opacity-90">{item.intervals[r.key].label}</span>
                </button>
              ))}
            </div>
          ) : null}
          {error ? (
            <p role="alert" className="mt-3 text-red-700">
              {error}
            </p>
          ) : null}
        </section>
      )}
      <p className="text-xs text-slate-500">
        Keys: Space or Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy; U undoes the last review.
      </p>
    </main>
  );
}
