import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { Button, Card } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { StoryActions, StoryStats, StoryText } from "~/modules/stories/components/story-parts";
import { getStory, serializeStory } from "~/modules/stories/stories.server";
import { deleteFromEverywhere } from "~/modules/stories/story-library.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.story.title ?? "Story"} · Praxis` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = z.uuid().safeParse(params.id);
  const story = id.success ? await getStory(user.id, id.data) : null;
  if (!story) throw new Response("No such story of yours", { status: 404 });
  return { story: serializeStory(story) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = z.uuid().safeParse(params.id);
  // A shared story leaves the library with it.
  if (id.success) await deleteFromEverywhere(user.id, id.data);
  return redirect("/stories");
}

export default function StoryDetail() {
  const { story: initial } = useLoaderData<typeof loader>();
  const [story, setStory] = useState(initial);
  return (
    <div className="space-y-6">
      <p>
        <Link to="/stories" className="text-sm text-brand-700 hover:underline dark:text-brand-100">
          ← Stories
        </Link>
      </p>
      <h1 className="text-3xl font-bold">{story.title}</h1>
      <Card>
        <StoryText prompt={story.prompt} body={story.body} />
      </Card>
      <Card title="How it was written">
        <StoryStats story={story} />
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          Temperature {story.params.temperature}, top-k {story.params.topK}, top-p {story.params.topP}, up to{" "}
          {story.params.maxTokens} tokens.
        </p>
      </Card>
      <div className="flex flex-wrap items-start gap-4">
        <StoryActions story={story} onSaved={setStory} />
        <Form
          method="post"
          onSubmit={(e) => (!confirm("Delete this story?") ? e.preventDefault() : undefined)}
        >
          <Button type="submit" variant="danger">
            Delete
          </Button>
        </Form>
      </div>
    </div>
  );
}
