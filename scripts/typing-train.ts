// npm run typing:train: trains the snippet ranker now (the same code as the nightly typing.train job).
import { startRuntime } from "../app/lib/runtime.server.ts";
import { trainTypingRanker } from "../app/modules/typing/training.server.ts";

const runtime = await startRuntime({ jobs: false, seed: false });
try {
  const outcome = await trainTypingRanker();
  console.log(`${outcome.status}: ${outcome.reason}`);
  if (outcome.evaluation) {
    console.log(
      `hold-out: ${outcome.evaluation.queries} sessions; trained on ${outcome.trainQueries}; NDCG@${outcome.evaluation.k}:`,
    );
    for (const [name, v] of Object.entries(outcome.evaluation.ndcg))
      console.log(`  ${name.padEnd(22)} ${v === null ? "-" : v.toFixed(4)}`);
  }
} finally {
  await runtime.stop();
}
