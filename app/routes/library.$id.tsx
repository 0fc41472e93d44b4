import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Button, Card } from "~/components/ui/field";
import { parseParams } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { getItem, itemJson, recordReaderAction, submitQuiz } from "~/modules/recs/catalog.server";
import { useEventLogger } from "~/modules/recs/components/use-event-logger";
import { itemParamsSchema } from "~/modules/recs/schemas";
import { getStory, sharedStory } from "~/modules/stories/stories.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.title ?? "Item"} · Library · Praxis` },
];

async function load(request: Request, params: unknown) {
  const user = await requireUser(request);
  const { id } = parseParams(params, itemParamsSchema);
  const item = await getItem(id);
  // A story is readable here only while its writer shares it, even if the catalog has not caught up yet.
  const storyId = item?.type === "story" ? item.externalKey?.replace(/^story:/, "") : undefined;
  if (!item || (storyId !== undefined && !(await sharedStory(storyId))))
    throw new Response("No such item", { status: 404 });
  return { user, item };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, item } = await load(request, params);
  // A shared story's writer can open their own copy (to type it, or stop sharing it); other readers read it here.
  const storyId = item.type === "story" ? item.externalKey?.replace(/^story:/, "") : undefined;
  const ownStory = storyId ? Boolean(await getStory(user.id, storyId)) : false;
  return { userId: user.id, item: itemJson(item), ownStoryUrl: ownStory ? `/stories/${storyId}` : null };
}

/** Quiz answers and "done" are recorded on the server, so they count without JavaScript too. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, item } = await load(request, params);
  const form = await request.formData();
  if (form.get("intent") === "quiz") {
    const questions = (item.quiz as unknown[] | null)?.length ?? 0;
    const answers = Array.from({ length: questions }, (_, i) => Number(form.get(`q${i}`) ?? NaN));
    const result = await submitQuiz(user, item, answers);
    if (!result) return data({ marks: null, message: "Answer every question first." }, { status: 400 });
    return { marks: result.marks, message: `${result.right} of ${questions} right.` };
  }
  const like = form.get("intent") === "like";
  await recordReaderAction(user, item, like ? "like" : "done");
  return { marks: null, message: like ? "Liked: more like this in your feed." : "Marked as done." };
}

export default function LibraryItem() {
  const { userId, item, ownStoryUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { log, flush } = useEventLogger(userId);
  const opened = useRef(Date.now());
  useEffect(() => {
    opened.current = Date.now();
    // Dwell: the time the page was open, logged as a view when the reader leaves. Flushed at once: the
    // logger's own unmount flush has already run by the time this cleanup does.
    return () => {
      log({ content_id: item.id, event_type: "view", dwell_ms: Date.now() - opened.current });
      flush();
    };
  }, [item.id, log, flush]);
  return (
    <article className="space-y-6">
      <Link to="/library" className="text-sm underline">
        ← Library
      </Link>
      <header>
        <p className="text-xs uppercase tracking-wide text-slate-500">
          {item.type_label} · {item.duration_min} min · level {item.difficulty}/5 ·{" "}
          {item.tags.map((t) => `#${t}`).join(" ")}
        </p>
        <h1 className="mt-1 text-3xl font-bold">{item.title}</h1>
        <p className="mt-2 text-lg text-slate-700 dark:text-slate-300">{item.description}</p>
      </header>
      {result?.message ? (
        <p
          role="status"
          className="rounded bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
        >
          {result.message}
        </p>
      ) : null}
      {item.type === "article" ? (
        <Card>
          <div className="space-y-3" data-testid="article-body">
            {item.body.split(/(?<=\.)\s+/).map((sentence, i) => (
              <p key={i}>{sentence}</p>
            ))}
          </div>
        </Card>
      ) : null}
      {item.type === "video" ? (
        <Card>
          <p>{item.body}</p>
          {item.url ? (
            <a
              href={item.url}
              target="_blank"
              rel="noreferrer"
              className="mt-3 inline-block underline"
              onClick={() => log({ content_id: item.id, event_type: "click" })}
            >
              Watch the video ({item.duration_min} min)
            </a>
          ) : null}
        </Card>
      ) : null}
      {item.type === "story" ? (
        <Card>
          <div
            className="whitespace-pre-wrap font-serif text-lg leading-relaxed text-slate-900 dark:text-slate-100"
            data-testid="story-text"
          >
            {item.body}
          </div>
          {ownStoryUrl ? (
            <p className="mt-4 text-sm">
              You shared this story.{" "}
              <Link to={ownStoryUrl} className="underline">
                Open it in Stories
              </Link>{" "}
              to type it or stop sharing it.
            </p>
          ) : null}
        </Card>
      ) : null}
      {item.type === "typing_pack" || item.type === "scenario" || item.type === "climb_drill" ? (
        <Card>
          <div className="space-y-2" data-testid="item-body">
            {item.body
              .split("\n")
              .filter((line) => line.trim())
              .map((line, i) => {
                // "Goal: …" lines (a scenario's role and goal, a drill's session) lead with their label.
                const labelled = /^([A-Z][A-Za-z' ]{1,30}): (.+)$/.exec(line);
                return (
                  <p key={i}>
                    {labelled ? (
                      <>
                        <strong>{labelled[1]}:</strong> {labelled[2]}
                      </>
                    ) : (
                      line
                    )}
                  </p>
                );
              })}
          </div>
          {item.start ? (
            <Link
              to={item.start.url}
              className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
              data-testid="item-start"
              onClick={() => log({ content_id: item.id, event_type: "click" })}
            >
              {item.start.label}
            </Link>
          ) : null}
        </Card>
      ) : null}
      {item.quiz ? (
        <Card title="Quiz">
          <Form method="post" className="space-y-5" data-testid="quiz">
            <input type="hidden" name="intent" value="quiz" />
            {item.quiz.map((q, i) => {
              const mark = result?.marks?.[i];
              return (
                <fieldset key={q.prompt} className="space-y-1">
                  <legend className="font-medium">
                    {i + 1}. {q.prompt}
                  </legend>
                  {q.choices.map((choice, c) => (
                    <label key={choice} className="flex items-center gap-2 text-sm">
                      <input
                        type="radio"
                        name={`q${i}`}
                        value={c}
                        defaultChecked={mark?.chosen === c}
                        required
                      />
                      {choice}
                      {mark && c === mark.answer ? (
                        <span className="text-emerald-700"> ✓ right answer</span>
                      ) : null}
                      {mark && c === mark.chosen && !mark.correct ? (
                        <span className="text-red-700"> ✗ your answer</span>
                      ) : null}
                    </label>
                  ))}
                </fieldset>
              );
            })}
            <Button type="submit">Check my answers</Button>
          </Form>
        </Card>
      ) : (
        <Form method="post" className="flex gap-2">
          <Button type="submit" name="intent" value="done">
            Mark as done
          </Button>
          <Button type="submit" name="intent" value="like" variant="secondary">
            Like
          </Button>
        </Form>
      )}
    </article>
  );
}
