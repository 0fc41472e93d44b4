// npm run typing:prepare-batches -- [--out data/training_batches.json]
// Writes the ranking examples built from telemetry (the seed's prepare_telemetry_batches): one query per
// practice session, feature names, graded labels and the time of each query.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { startRuntime } from "../app/lib/runtime.server.ts";
import { snippetIndex } from "../app/modules/typing/snippet-index.server.ts";
import { loadTypingEvents } from "../app/modules/typing/training.server.ts";
import { buildRankingDataset, FEATURE_NAMES, N_FEATURES } from "../ml/typing/ranking-dataset.ts";

const { values } = parseArgs({
  options: { out: { type: "string", default: ".data/training_batches.json" } },
});
const runtime = await startRuntime({ jobs: false, seed: false });
try {
  const index = await snippetIndex();
  const ds = buildRankingDataset(await loadTypingEvents(), index);
  let offset = 0;
  const queries = ds.groups.map((size, g) => {
    const examples = Array.from({ length: size }, (_, i) => {
      const r = offset + i;
      return {
        snippet_id: index.snippets[ds.rows[r]!]!.id,
        label: ds.labels[r],
        features: Object.fromEntries(
          FEATURE_NAMES.map((name, f) => [name, Number(ds.features[r * N_FEATURES + f]!.toFixed(5))]),
        ),
      };
    });
    offset += size;
    return {
      completed_at: new Date(ds.groupTimes[g]!).toISOString(),
      target_difficulty: ds.groupTargets[g],
      examples,
    };
  });
  await fs.mkdir(path.dirname(values.out), { recursive: true });
  await fs.writeFile(values.out, JSON.stringify({ feature_names: FEATURE_NAMES, queries }, null, 1));
  console.log(`wrote ${queries.length} queries (${ds.labels.length} examples) to ${values.out}`);
} finally {
  await runtime.stop();
}
