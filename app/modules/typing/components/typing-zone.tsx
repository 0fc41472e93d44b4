import { useCallback, useEffect, useRef, useState } from "react";
import { initialTypingState, pressKey, typingStats, type TypingState } from "../typing-state";

interface Props {
  text: string;
  onFinish: (state: TypingState) => void;
}

/**
 * Keystroke capture with a caret and per-character marks. Focus sits on a visually hidden input so the
 * zone works from the keyboard alone (Tab to it, type, Esc to restart) and brings up on-screen keyboards.
 *
 * Characters arrive three ways, each counted once. A plain key press is taken at keydown (default
 * prevented, so no input follows it). Text with no key of its own (an accent from a dead key on some
 * systems, an on-screen keyboard, Playwright's insertText for é) comes as a cancellable `beforeinput`
 * (insertText), taken there and cancelled. An IME or a macOS dead key composes: keydown is skipped while
 * composing and the composed text is taken at `compositionend`. Whatever still reaches the input's value
 * (a browser without beforeinput) is taken at `input` and the field emptied.
 */
export function TypingZone({ text, onFinish }: Props) {
  const [state, setState] = useState(() => initialTypingState(text));
  const [now, setNow] = useState(() => Date.now());
  const [focused, setFocused] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const finished = useRef(false);

  useEffect(() => {
    setState(initialTypingState(text));
    finished.current = false;
    input.current?.focus();
  }, [text]);

  // Live WPM ticks while typing.
  useEffect(() => {
    if (state.startedAt === null || state.finishedAt !== null) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [state.startedAt, state.finishedAt]);

  useEffect(() => {
    if (state.finishedAt !== null && !finished.current) {
      finished.current = true;
      onFinish(state);
    }
  }, [state, onFinish]);

  const press = useCallback((key: string) => {
    const at = Date.now();
    setState((s) => pressKey(s, key, at));
    setNow(at);
  }, []);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    const typeText = (data: string) => {
      for (const c of data.normalize("NFC")) press(c);
    };
    const onBeforeInput = (event: InputEvent) => {
      // Composition text is taken whole at compositionend; an uncancellable event is left to `input`.
      if (event.isComposing || event.inputType === "insertCompositionText" || !event.cancelable) return;
      if (event.inputType === "insertText" && event.data) {
        event.preventDefault();
        typeText(event.data);
      } else if (event.inputType === "deleteContentBackward") {
        event.preventDefault();
        press("Backspace");
      }
    };
    const onInput = (event: Event) => {
      if ((event as InputEvent).isComposing) return;
      if (el.value) typeText(el.value);
      el.value = "";
    };
    const onCompositionEnd = (event: CompositionEvent) => {
      if (event.data) typeText(event.data);
      el.value = "";
    };
    el.addEventListener("beforeinput", onBeforeInput);
    el.addEventListener("input", onInput);
    el.addEventListener("compositionend", onCompositionEnd);
    return () => {
      el.removeEventListener("beforeinput", onBeforeInput);
      el.removeEventListener("input", onInput);
      el.removeEventListener("compositionend", onCompositionEnd);
    };
  }, [press]);

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    // While an IME or a dead key composes, the composed text comes at compositionend instead.
    if (event.nativeEvent.isComposing || event.key === "Dead" || event.key === "Process") return;
    if (event.key === "Escape") {
      event.preventDefault();
      setState(initialTypingState(text));
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Backspace" || [...event.key].length === 1) {
      event.preventDefault();
      press(event.key);
    }
  }

  const stats = typingStats(state, now);
  const position = state.typed.length;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-6 text-sm text-slate-600 dark:text-slate-400" aria-live="off">
        <span>
          <span
            className="text-2xl font-semibold tabular-nums text-slate-900 dark:text-slate-100"
            data-testid="live-wpm"
          >
            {Math.round(stats.wpm)}
          </span>{" "}
          WPM
        </span>
        <span>
          <span
            className="text-2xl font-semibold tabular-nums text-slate-900 dark:text-slate-100"
            data-testid="live-accuracy"
          >
            {Math.round(stats.accuracy * 100)}%
          </span>{" "}
          accuracy
        </span>
        <span className="self-end">
          {position}/{text.length} characters
        </span>
      </div>
      <div
        className={`relative cursor-text rounded-lg border-2 bg-white p-5 font-mono text-xl leading-relaxed dark:bg-slate-900 ${
          focused ? "border-brand-500" : "border-slate-200 dark:border-slate-700"
        }`}
        onClick={() => input.current?.focus()}
        data-testid="typing-zone"
      >
        <input
          ref={input}
          className="absolute h-px w-px opacity-0"
          aria-label="Type the text shown. Escape restarts."
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          defaultValue=""
        />
        <p aria-hidden="true" className="break-words">
          {[...text].map((char, i) => {
            const typed = state.typed[i];
            const cls =
              typed === undefined
                ? "text-slate-400 dark:text-slate-500"
                : typed === char
                  ? "text-slate-900 dark:text-slate-100"
                  : "rounded-sm bg-red-100 text-red-700 underline decoration-red-600 dark:bg-red-950 dark:text-red-300";
            return (
              <span
                key={i}
                className={`${cls} ${i === position ? "caret" : ""}`}
                data-state={typed === undefined ? "pending" : typed === char ? "correct" : "wrong"}
              >
                {typed !== undefined && typed !== char && char === " " ? "·" : char}
              </span>
            );
          })}
          {position >= text.length ? <span className="caret" /> : null}
        </p>
        {!focused && state.startedAt === null ? (
          <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">
            Click here or press Tab to focus, then start typing.
          </p>
        ) : null}
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Backspace corrects · Esc restarts this snippet
      </p>
    </div>
  );
}
