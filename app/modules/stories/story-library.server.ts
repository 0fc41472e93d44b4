import { logger } from "../../lib/logger.server.ts";
import { syncStoryCatalogItem } from "../recs/cross-module-catalog.server.ts";
import { deleteStory, saveStory } from "./stories.server.ts";
import type { Story } from "../../../db/schema/index.ts";

/**
 * Saving, sharing and deleting a story, with the library following at once: listed while shared, gone as
 * soon as it is not. The story's own write is what the caller is told about; a catalog sync that fails is
 * logged, not turned into an error, because the library page checks sharing itself and the start-up sync
 * repairs the catalog.
 */
export async function saveAndShare(
  userId: string,
  id: string,
  options: { shared?: boolean | undefined } = {},
): Promise<Story | null> {
  const story = await saveStory(userId, id, options);
  if (story && options.shared !== undefined) await followInLibrary(story.id);
  return story;
}

export async function deleteFromEverywhere(userId: string, id: string): Promise<boolean> {
  const deleted = await deleteStory(userId, id);
  if (deleted) await followInLibrary(id);
  return deleted;
}

async function followInLibrary(storyId: string): Promise<void> {
  try {
    await syncStoryCatalogItem(storyId);
  } catch (error) {
    logger().error(
      { err: error, storyId },
      "could not bring the library in step with a story; start-up sync will",
    );
  }
}
