import { addOwnSnippets, storySnippetSource } from "../typing/own-snippets.server.ts";
import { storyPassages } from "./passages.ts";
import type { Story } from "../../../db/schema/index.ts";

/** "Type this story": its passages become the user's own typing snippets; the typing page serves them. */
export async function sendStoryToTyping(userId: string, story: Story) {
  const snippets = await addOwnSnippets(
    userId,
    storySnippetSource(story.id),
    storyPassages(story.prompt + story.body),
  );
  return { url: `/typing?story=${story.id}`, snippets };
}
