// npm run learn:trigger-analytics -- --date YYYY-MM-DD | --user-id <uuid> [--async]
// Writes analytics snapshots now: every learner who practised around --date (each on that calendar date),
// or one learner's yesterday. --async queues the learn.snapshot-analytics job instead.
import { parseArgs } from "node:util";
import { z } from "zod";
import { getBoss } from "../jobs/boss.ts";
import { startRuntime } from "../app/lib/runtime.server.ts";
import { snapshotAnalytics } from "../app/modules/learn/analytics/snapshots.server.ts";

const { values } = parseArgs({
  options: {
    date: { type: "string" },
    "user-id": { type: "string" },
    async: { type: "boolean", default: false },
  },
});
const args = z
  .object({ date: z.iso.date().optional(), userId: z.uuid().optional() })
  .refine((a) => Boolean(a.date) !== Boolean(a.userId), "give --date or --user-id")
  .safeParse({ date: values.date, userId: values["user-id"] });
if (!args.success) {
  console.error(args.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("\n"));
  console.error("usage: npm run learn:trigger-analytics -- --date YYYY-MM-DD | --user-id <uuid> [--async]");
  process.exit(2);
}
const runtime = await startRuntime({ jobs: values.async, work: false, seed: false });
try {
  if (values.async) {
    const id = await getBoss().send("learn.snapshot-analytics", args.data);
    console.log(`queued learn.snapshot-analytics job ${id}`);
  } else {
    const done = await snapshotAnalytics(args.data);
    console.log(`wrote snapshots for ${done.learners} learner${done.learners === 1 ? "" : "s"}`);
  }
} finally {
  await runtime.stop();
}
