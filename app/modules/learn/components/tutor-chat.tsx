import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The tutor conversation in the browser: the session WebSocket (cookie-authenticated, same origin) streams
 * the tutor's reply as it is written; each turn's corrections are highlighted in the learner's message.
 * If the socket is down, a message goes over the REST endpoint instead.
 */
export interface ChatError {
  start: number;
  end: number;
  text: string;
  category: string;
  suggestion: string;
  explanation: string;
  source: string;
}
export interface ChatMessage {
  id: string;
  role: "learner" | "tutor";
  content: string;
  provider: string | null;
  errors?: ChatError[];
}
export interface ChatSession {
  id: string;
  status: string;
  turns: number;
  xp: number;
  mode: string;
}
interface Feedback {
  errors: ChatError[];
  words_used: { word_id: number; french: string; correct: boolean }[];
  suggested_missed: { word_id: number; french: string; english: string }[];
  drill: { word_id: number; verdict: string; expected: string } | null;
  implicit_reviews: { word_id: number; rating: number; source: string }[];
  note: string | null;
}
interface TurnResult {
  session: ChatSession;
  learner_message: ChatMessage;
  reply: ChatMessage;
  xp_awarded: number;
  feedback: Feedback;
}
type Frame =
  | { type: "session_ready" }
  | { type: "reply_delta"; text: string }
  | { type: "reply_restart" }
  | ({ type: "turn_result" } & TurnResult)
  | { type: "typing"; is_typing: boolean }
  | { type: "error"; detail: string; errors: { path: string; message: string }[] }
  | { type: "heartbeat" };

/** The learner's text with each error underlined, its correction on hover and below. */
export function MarkedText({ text, errors }: { text: string; errors: ChatError[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const e of [...errors].sort((a, b) => a.start - b.start)) {
    if (e.start < at) continue;
    parts.push(text.slice(at, e.start));
    parts.push(
      <mark
        key={e.start}
        title={`${e.suggestion}: ${e.explanation}`}
        className="rounded-sm bg-amber-200 px-0.5 text-slate-900 underline decoration-red-600 decoration-wavy"
      >
        {text.slice(e.start, e.end)}
      </mark>,
    );
    at = e.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

const RATING = ["Again", "Hard", "Good", "Easy"];

export function TutorChat(props: {
  session: ChatSession;
  messages: ChatMessage[];
  words: { id: number; french: string; english: string }[];
}) {
  const [messages, setMessages] = useState(props.messages);
  const [session, setSession] = useState(props.session);
  const [draft, setDraft] = useState("");
  const [streaming, setStreaming] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<{ turn: TurnResult } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [connected, setConnected] = useState(false);
  const [peerTyping, setPeerTyping] = useState(false);
  const socket = useRef<WebSocket | null>(null);
  const log = useRef<HTMLOListElement>(null);
  /** The text of the turn in flight, read by the socket's handler (which sees no fresh state). */
  const sentText = useRef<string | null>(null);

  const onTurn = useCallback((turn: TurnResult) => {
    setMessages((m) =>
      m.some((x) => x.id === turn.reply.id)
        ? m
        : [...m, { ...turn.learner_message, errors: turn.feedback.errors }, turn.reply],
    );
    setSession(turn.session);
    setFeedback({ turn });
    setStreaming(null);
    setPending(null);
    sentText.current = null;
  }, []);

  useEffect(() => {
    if (props.session.status !== "active") return;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = (attempt: number) => {
      const proto = window.location.protocol === "https:" ? "wss" : "ws";
      const ws = new WebSocket(`${proto}://${window.location.host}/api/v1/sessions/${props.session.id}/ws`);
      socket.current = ws;
      ws.onopen = () => setConnected(true);
      ws.onmessage = (event) => {
        const frame = JSON.parse(String(event.data)) as Frame;
        if (frame.type === "reply_delta") setStreaming((s) => (s ?? "") + frame.text);
        else if (frame.type === "reply_restart") setStreaming("");
        else if (frame.type === "turn_result") onTurn(frame);
        else if (frame.type === "typing") setPeerTyping(frame.is_typing);
        else if (frame.type === "error") {
          setProblem(frame.errors.map((e) => e.message).join("; ") || frame.detail);
          // Give the learner their words back (a refused or failed turn was not stored).
          const text = sentText.current;
          sentText.current = null;
          if (text) setDraft((d) => d || text);
          setPending(null);
          setStreaming(null);
        }
      };
      ws.onclose = () => {
        setConnected(false);
        if (!stopped && attempt < 5) retry = setTimeout(() => connect(attempt + 1), 500 * 2 ** attempt);
      };
    };
    connect(0);
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket.current?.close();
    };
  }, [props.session.id, props.session.status, onTurn]);

  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: "end" });
  }, [messages, streaming]);

  async function send() {
    const content = draft.trim();
    if (!content || pending) return;
    setProblem(null);
    setPending(content);
    sentText.current = content;
    setDraft("");
    const clientId = crypto.randomUUID();
    const ws = socket.current;
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ type: "user_message", content, client_message_id: clientId }));
      return;
    }
    const response = await fetch(`/api/v1/sessions/${session.id}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ content, client_message_id: clientId }),
    });
    const body = (await response.json()) as TurnResult & { detail?: string };
    if (response.ok) onTurn(body);
    else {
      setProblem(body.detail ?? "The message could not be sent");
      setDraft((d) => d || content);
      setPending(null);
    }
  }

  const active = session.status === "active";
  const turn = feedback?.turn;
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_16rem]">
      <section aria-label="Conversation" className="space-y-4">
        <ol ref={log} className="space-y-3" aria-live="polite" data-testid="chat-log">
          {messages.map((m) => (
            <li key={m.id} className={m.role === "learner" ? "flex justify-end" : "flex"}>
              <div
                className={`max-w-[85%] rounded-lg px-3 py-2 whitespace-pre-line ${m.role === "learner" ? "bg-indigo-600 text-white" : "bg-white text-slate-900 shadow-sm dark:bg-slate-800 dark:text-slate-100"}`}
                data-role={m.role}
              >
                {m.role === "learner" && m.errors?.length ? (
                  <MarkedText text={m.content} errors={m.errors} />
                ) : (
                  m.content
                )}
              </div>
            </li>
          ))}
          {pending ? (
            <li className="flex justify-end">
              <div className="max-w-[85%] rounded-lg bg-indigo-400 px-3 py-2 text-white">{pending}</div>
            </li>
          ) : null}
          {pending || streaming !== null ? (
            <li className="flex">
              <div
                className="max-w-[85%] rounded-lg bg-white px-3 py-2 whitespace-pre-line text-slate-900 shadow-sm dark:bg-slate-800 dark:text-slate-100"
                data-testid="streaming-reply"
              >
                {streaming || "…"}
              </div>
            </li>
          ) : null}
        </ol>
        {peerTyping ? <p className="text-sm text-slate-500">Typing in another window…</p> : null}
        {problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {problem}
          </p>
        ) : null}
        {active ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
            className="space-y-2"
          >
            <label htmlFor="tutor-message" className="sr-only">
              Your message in French
            </label>
            <textarea
              id="tutor-message"
              value={draft}
              maxLength={2000}
              rows={3}
              placeholder="Écris en français… (Enter to send, Shift+Enter for a new line)"
              className="w-full rounded-md border border-slate-300 p-2 dark:border-slate-700 dark:bg-slate-900"
              onChange={(e) => {
                setDraft(e.target.value);
                if (socket.current?.readyState === WebSocket.OPEN)
                  socket.current.send(
                    JSON.stringify({ type: "typing", is_typing: e.target.value.length > 0 }),
                  );
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  void send();
                }
              }}
            />
            <div className="flex items-center justify-between">
              <span className="text-xs text-slate-500" data-testid="connection">
                {connected ? "Live" : "Connecting…"}
              </span>
              <button
                type="submit"
                disabled={!draft.trim() || Boolean(pending)}
                className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
              >
                Send
              </button>
            </div>
          </form>
        ) : null}
      </section>
      <aside className="space-y-4 text-sm" aria-label="Feedback">
        <div className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <p className="font-semibold" data-testid="session-xp">
            {session.xp} XP · {session.turns} turn{session.turns === 1 ? "" : "s"}
          </p>
          {turn ? (
            <p className="text-emerald-700 dark:text-emerald-400">+{turn.xp_awarded} XP this turn</p>
          ) : null}
        </div>
        {turn?.feedback.note ? (
          <p className="text-amber-800 dark:text-amber-300">{turn.feedback.note}</p>
        ) : null}
        {turn ? (
          <div
            className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
            data-testid="corrections"
          >
            <h2 className="mb-1 font-semibold">Corrections</h2>
            {turn.feedback.errors.length === 0 ? (
              <p>No mistakes found. Bravo !</p>
            ) : (
              <ul className="space-y-2">
                {turn.feedback.errors.map((e) => (
                  <li key={`${e.start}-${e.end}`}>
                    <span className="line-through decoration-red-600">{e.text}</span> →{" "}
                    <strong>{e.suggestion}</strong>
                    <span className="block text-slate-600 dark:text-slate-400">{e.explanation}</span>
                  </li>
                ))}
              </ul>
            )}
            {turn.feedback.implicit_reviews.length ? (
              <p className="mt-2 text-slate-600 dark:text-slate-400">
                Counted as reviews:{" "}
                {turn.feedback.implicit_reviews
                  .map(
                    (r) =>
                      `${props.words.find((w) => w.id === r.word_id)?.french ?? `#${r.word_id}`} (${RATING[r.rating]})`,
                  )
                  .join(", ")}
              </p>
            ) : null}
          </div>
        ) : null}
        {props.words.length && active ? (
          <div className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <h2 className="mb-1 font-semibold">Today&apos;s words</h2>
            <ul className="flex flex-wrap gap-1">
              {props.words.map((w) => {
                const used = turn?.feedback.words_used.find((u) => u.word_id === w.id);
                return (
                  <li key={w.id}>
                    <button
                      type="button"
                      title={w.english}
                      onClick={() => setDraft((d) => `${d}${d && !d.endsWith(" ") ? " " : ""}${w.french}`)}
                      className={`rounded-full border px-2 py-0.5 ${used ? (used.correct ? "border-emerald-500 bg-emerald-50 dark:bg-emerald-900/30" : "border-amber-500") : "border-slate-300 dark:border-slate-700"}`}
                    >
                      {w.french}
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
      </aside>
    </div>
  );
}
