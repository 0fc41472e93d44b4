import { logger } from "../app/lib/logger.server.ts";
import { trainTypingRanker } from "../app/modules/typing/training.server.ts";

/** Nightly and on demand: train the snippet ranker; it activates only if it beats the baselines and the active model. */
export async function typingTrain(): Promise<void> {
  const outcome = await trainTypingRanker();
  logger().info(
    { job: "typing.train", status: outcome.status, reason: outcome.reason, ndcg: outcome.evaluation?.ndcg },
    "typing ranker trained",
  );
}
