import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { Button, Card, FormError, Notice } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { StoryActions, StoryStats, StoryText } from "~/modules/stories/components/story-parts";
import { useStoryStream } from "~/modules/stories/components/use-story-stream";
import { configuredStoryProviders } from "~/modules/stories/providers/configured.server";
import { DEFAULT_OPTIONS, MAX_TOKENS_CAP, PROMPT_MAX_CHARS } from "~/modules/stories/schemas";
import { getStory, listStories, serializeStory } from "~/modules/stories/stories.server";
import { WordsPanel, WordsUsed } from "~/modules/stories/components/word-story-parts";
import { storyWordsFor } from "~/modules/stories/story-words.server";
import { wordStoryOpening, type StoryLanguage } from "~/modules/stories/word-story";

export const meta: MetaFunction = () => [{ title: "Stories · Praxis" }];

const pageQuerySchema = z.object({ words: z.enum(["due"]).optional(), continue: z.uuid().optional() });

/** How much of a stopped story is carried into its continuation (the prompt limit, with room to add). */
const CONTINUE_CHARS = PROMPT_MAX_CHARS - 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { providers, skipped } = configuredStoryProviders();
  // A link with a bad ?words or ?continue opens the plain page rather than an error.
  const parsed = pageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : {};
  const [saved, words, continued] = await Promise.all([
    listStories(user.id, "saved", 30),
    query.words === "due" ? storyWordsFor(user.id) : null,
    query.continue ? getStory(user.id, query.continue) : null,
  ]);
  const text = continued ? continued.prompt + continued.body : "";
  return {
    writers: providers.map((p) => ({ name: p.name, model: p.model })),
    skipped,
    saved: saved.map(serializeStory),
    /** ?words=due: the learner's French words, and whether a hosted writer could write in French. */
    wordStory: words
      ? {
          words: words.map((w) => ({
            french: w.french,
            english: w.english,
            partOfSpeech: w.partOfSpeech,
            due: w.due,
          })),
          canWriteFrench: providers.some((p) => p.name === "openai" || p.name === "anthropic"),
        }
      : null,
    /** ?continue=<id>: a stopped story's text, to write on from. */
    opening: text ? (text.length > CONTINUE_CHARS ? `…${text.slice(-CONTINUE_CHARS)}` : text) : null,
  };
}

const OPENINGS = [
  "Once upon a time, a little fox found a red ball in the snow.",
  "Lily wanted to fly a kite, but the wind was asleep.",
  "Tom and his dog Max went to the park to look for a lost key.",
  "The old tree in the garden could talk, but only on Sundays.",
];

type OptionName = "maxTokens" | "temperature" | "topK" | "topP" | "seed";

/** The sampling options as inputs; min, max and step agree with the API's limits (schemas.ts). */
const OPTION_FIELDS: {
  name: OptionName;
  label: string;
  min: number;
  max: number;
  step: number;
  hint: string;
}[] = [
  {
    name: "maxTokens",
    label: "Length (tokens)",
    min: 1,
    max: MAX_TOKENS_CAP,
    step: 1,
    hint: `Up to ${MAX_TOKENS_CAP}; about 3 words per 4 tokens`,
  },
  {
    name: "temperature",
    label: "Temperature",
    min: 0,
    max: 2,
    step: 0.1,
    hint: "0: always the likeliest word; higher: more surprising",
  },
  {
    name: "topK",
    label: "Top-k",
    min: 0,
    max: 4096,
    step: 1,
    hint: "Choose among the k likeliest tokens (0: all)",
  },
  {
    name: "topP",
    label: "Top-p",
    min: 0.01,
    max: 1,
    step: 0.01,
    hint: "…and among those, the smallest set holding this share",
  },
  {
    name: "seed",
    label: "Seed (optional)",
    min: 0,
    max: 2147483647,
    step: 1,
    hint: "The same seed and options give the same story",
  },
];

function NumberInput(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  min: number;
  max: number;
  step: number;
  hint: string;
  name: string;
}) {
  return (
    <label className="block space-y-1 text-sm">
      <span className="font-medium">{props.label}</span>
      <input
        type="number"
        name={props.name}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
      />
      <span className="block text-xs text-slate-600 dark:text-slate-400">{props.hint}</span>
    </label>
  );
}

export default function Stories() {
  const { writers, skipped, saved, wordStory, opening } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const { state, start, stop, reset, markSaved } = useStoryStream();
  const [language, setLanguage] = useState<StoryLanguage>("en");
  const [prompt, setPrompt] = useState(
    opening ?? (wordStory?.words.length ? wordStoryOpening(wordStory.words, "en") : ""),
  );
  const [options, setOptions] = useState({
    maxTokens: String(DEFAULT_OPTIONS.maxTokens),
    temperature: String(DEFAULT_OPTIONS.temperature),
    topK: String(DEFAULT_OPTIONS.topK),
    topP: String(DEFAULT_OPTIONS.topP),
    seed: "",
  });
  const [provider, setProvider] = useState("");
  const set = (key: OptionName) => (v: string) => setOptions((o) => ({ ...o, [key]: v }));
  const writing = state.status === "waiting" || state.status === "streaming" || state.status === "stopping";
  const fieldErrors = (path: string) =>
    state.error?.errors.filter((e) => e.path === path).map((e) => e.message);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      prompt,
      maxTokens: Number(options.maxTokens),
      temperature: Number(options.temperature),
      topK: Number(options.topK),
      topP: Number(options.topP),
    };
    if (options.seed.trim()) body.seed = Number(options.seed);
    if (provider) body.provider = provider;
    if (wordStory?.words.length) Object.assign(body, { words: "due", language });
    void start(body);
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="space-y-6">
        <div>
          <h1 className="text-3xl font-bold">Stories</h1>
          <p className="text-slate-600 dark:text-slate-400">
            Write how a story begins; a small model trained by Praxis on children&apos;s stories writes the
            rest.
          </p>
        </div>
        <Card>
          <form onSubmit={submit} className="space-y-4" aria-label="Write a story">
            <label className="block space-y-1">
              <span className="text-sm font-medium">How your story begins</span>
              <textarea
                name="prompt"
                value={prompt}
                onChange={(e) => setPrompt(e.target.value)}
                maxLength={PROMPT_MAX_CHARS}
                rows={3}
                placeholder="Once upon a time, …"
                aria-invalid={Boolean(fieldErrors("prompt")?.length) || undefined}
                className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-serif text-lg dark:border-slate-700 dark:bg-slate-900"
              />
            </label>
            <FormError message={fieldErrors("prompt")?.join(". ")} />
            {wordStory ? (
              <WordsPanel
                words={wordStory.words}
                canWriteFrench={wordStory.canWriteFrench}
                language={language}
                onLanguage={(l) => {
                  setLanguage(l);
                  setPrompt(wordStoryOpening(wordStory.words, l));
                }}
              />
            ) : null}
            <div className="flex flex-wrap gap-2" aria-label="Example openings">
              {OPENINGS.map((o) => (
                <button
                  key={o}
                  type="button"
                  onClick={() => setPrompt(o)}
                  className="rounded-full border border-slate-300 px-3 py-1 text-xs hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
                >
                  {o}
                </button>
              ))}
            </div>
            <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
              <summary className="cursor-pointer text-sm font-medium">Options</summary>
              <div className="mt-3 grid gap-4 sm:grid-cols-3">
                {OPTION_FIELDS.map((f) => (
                  <NumberInput key={f.name} {...f} value={options[f.name]} onChange={set(f.name)} />
                ))}
                {writers.length > 1 ? (
                  <label className="block space-y-1 text-sm">
                    <span className="font-medium">Writer</span>
                    <select
                      name="provider"
                      value={provider}
                      onChange={(e) => setProvider(e.target.value)}
                      className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
                    >
                      <option value="">Any, in order ({writers.map((w) => w.name).join(" → ")})</option>
                      {writers.map((w) => (
                        <option key={w.name} value={w.name}>
                          Only {w.name}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </div>
              <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
                Writers here: {writers.map((w) => `${w.name} (${w.model})`).join(", ") || "none"}
                {skipped.length ? `. Not available: ${skipped.join(", ")}` : ""}.
              </p>
            </details>
            <div className="flex gap-2">
              <Button type="submit" disabled={writing || !prompt.trim()}>
                {writing ? "Writing…" : "Write the story"}
              </Button>
              {writing ? (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => void stop()}
                  disabled={state.status === "stopping"}
                >
                  {state.status === "stopping" ? "Stopping…" : "Stop"}
                </Button>
              ) : null}
              {state.status === "done" ? (
                <Button type="button" variant="secondary" onClick={reset}>
                  Clear
                </Button>
              ) : null}
            </div>
          </form>
        </Card>

        {state.error && !state.error.errors.some((e) => e.path === "prompt") ? (
          <FormError
            message={
              state.error.detail +
              (state.error.errors.length
                ? `: ${state.error.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`
                : "")
            }
          />
        ) : null}
        <Notice message={state.notice} />
        {state.status !== "idle" && (state.text || writing || state.story) ? (
          <Card>
            <div aria-live="polite" aria-busy={writing}>
              <StoryText
                prompt={state.story?.prompt ?? prompt.trim()}
                body={state.story?.body ?? state.text}
                writing={writing}
              />
            </div>
            {state.status === "waiting" ? (
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Waiting for a writer…</p>
            ) : null}
            {state.story ? (
              <div className="mt-4 space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800">
                {state.story.params.words ? <WordsUsed words={state.story.params.words} /> : null}
                <StoryStats story={state.story} />
                <StoryActions
                  story={state.story}
                  onSaved={(s) => {
                    markSaved(s);
                    revalidator.revalidate();
                  }}
                />
              </div>
            ) : null}
          </Card>
        ) : null}
      </div>

      <aside>
        <Card title="My stories">
          {saved.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Stories you save appear here.</p>
          ) : (
            <ul className="space-y-2" aria-label="My stories">
              {saved.map((s) => (
                <li key={s.id}>
                  <Link
                    to={`/stories/${s.id}`}
                    className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                  >
                    {s.title}
                  </Link>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    {s.stats.words} words · {s.provider} · {new Date(s.createdAt).toLocaleDateString()}
                    {s.shared ? " · shared in the library" : ""}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </aside>
    </div>
  );
}
