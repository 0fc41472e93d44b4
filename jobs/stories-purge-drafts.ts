import { purgeDrafts } from "../app/modules/stories/stories.server.ts";
import { logger } from "../app/lib/logger.server.ts";

/** Nightly: stories nobody saved are drafts, kept a week so a reader can come back to one. Idempotent. */
export async function storiesPurgeDrafts(): Promise<void> {
  const removed = await purgeDrafts(7);
  logger().info({ job: "stories.purge-drafts", removed }, "purged unsaved story drafts");
}
