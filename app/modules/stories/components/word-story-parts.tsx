import { Link } from "@remix-run/react";
import { plainSense, type StoryLanguage, type UsedWord } from "../word-story";

interface PanelWord {
  french: string;
  english: string;
  due: boolean;
}

/** On /stories?words=due: the learner's French words and the story's language. */
export function WordsPanel(props: {
  words: PanelWord[];
  canWriteFrench: boolean;
  language: StoryLanguage;
  onLanguage: (language: StoryLanguage) => void;
}) {
  if (!props.words.length)
    return (
      <p className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800" data-testid="word-story">
        You have no French words yet.{" "}
        <Link to="/learn" className="underline">
          Learn a few in French
        </Link>{" "}
        and come back for a story that uses them.
      </p>
    );
  return (
    <div className="space-y-2 rounded-md bg-sky-50 p-3 text-sm dark:bg-sky-950/40" data-testid="word-story">
      <p className="font-medium">A story with your French words</p>
      <ul className="flex flex-wrap gap-2" aria-label="Your French words">
        {props.words.map((w) => (
          <li key={w.french} className="rounded-full bg-white px-3 py-0.5 dark:bg-slate-900">
            <span lang="fr">{w.french}</span> · {plainSense(w.english)}
            {w.due ? <span className="ml-1 text-xs text-amber-700 dark:text-amber-300">due</span> : null}
          </li>
        ))}
      </ul>
      <fieldset className="flex flex-wrap items-center gap-4">
        <legend className="sr-only">Language</legend>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="language"
            value="en"
            checked={props.language === "en"}
            onChange={() => props.onLanguage("en")}
          />
          English, with the French words' meanings
        </label>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="language"
            value="fr"
            disabled={!props.canWriteFrench}
            checked={props.language === "fr"}
            onChange={() => props.onLanguage("fr")}
          />
          In French
        </label>
      </fieldset>
      {!props.canWriteFrench ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          French stories need a hosted writer (OpenAI or Anthropic), and none is configured here;
          Praxis&apos;s own model writes English, so the story uses your words&apos; meanings.
        </p>
      ) : null}
    </div>
  );
}

/** Under a finished word story: which of the words it used. */
export function WordsUsed({ words }: { words: UsedWord[] }) {
  const used = words.filter((w) => w.used).length;
  return (
    <div className="text-sm" data-testid="words-used">
      <p className="font-medium">
        Your words in this story: {used} of {words.length}
      </p>
      <ul className="mt-1 flex flex-wrap gap-2">
        {words.map((w) => (
          <li
            key={w.french}
            className={`rounded-full px-3 py-0.5 ${w.used ? "bg-emerald-100 dark:bg-emerald-900/40" : "bg-slate-100 dark:bg-slate-800"}`}
          >
            <span lang="fr">{w.french}</span> ({plainSense(w.english)}) {w.used ? "✓" : "—"}
          </li>
        ))}
      </ul>
    </div>
  );
}
