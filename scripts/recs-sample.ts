// npm run recs:sample -- [--users 1000] [--items 500] [--events 10000] [--seed 42]
// Loads deterministic sample data into the library: simulated users (who cannot log in) in cohorts with
// taste clusters, a catalog of videos, articles and quizzes, and their interaction events. Idempotent for
// the same options: a second run stores nothing new.
import { parseArgs } from "node:util";
import { z } from "zod";
import { startRuntime } from "../app/lib/runtime.server.ts";
import { loadSample } from "../app/modules/recs/sample-loader.server.ts";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "1000" },
    items: { type: "string", default: "500" },
    events: { type: "string", default: "10000" },
    seed: { type: "string", default: "42" },
  },
});
const count = (max: number) => z.coerce.number().int().min(1).max(max);
const args = z
  .object({
    users: count(100_000),
    items: count(200_000),
    events: count(5_000_000),
    seed: z.coerce.number().int(),
  })
  .safeParse(values);
if (!args.success) {
  console.error(args.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  console.error("usage: npm run recs:sample -- [--users N] [--items N] [--events N] [--seed N]");
  process.exit(2);
}
const runtime = await startRuntime({ jobs: false, work: false, seed: false });
try {
  const started = performance.now();
  const done = await loadSample(args.data);
  console.log(
    `sample seed ${args.data.seed}: ${done.users} users, ${done.items} items, ${done.events} events ` +
      `(${done.eventsStored} new) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await runtime.stop();
}
