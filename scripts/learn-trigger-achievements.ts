// npm run learn:trigger-achievements -- --user-id <uuid> [--async]
// Checks one learner's achievements now and prints what unlocked, or with --async queues the
// learn.check-achievements job (a running worker picks it up) and prints its id.
import { parseArgs } from "node:util";
import { z } from "zod";
import { getBoss } from "../jobs/boss.ts";
import { startRuntime } from "../app/lib/runtime.server.ts";
import { checkAchievements } from "../app/modules/learn/achievements/achievements.server.ts";

const { values } = parseArgs({
  options: { "user-id": { type: "string" }, async: { type: "boolean", default: false } },
});
const userId = z.uuid().safeParse(values["user-id"]);
if (!userId.success) {
  console.error("usage: npm run learn:trigger-achievements -- --user-id <uuid> [--async]");
  process.exit(2);
}
const runtime = await startRuntime({ jobs: values.async, work: false, seed: false });
try {
  if (values.async) {
    const id = await getBoss().send("learn.check-achievements", { userId: userId.data });
    console.log(`queued learn.check-achievements job ${id}`);
  } else {
    const unlocked = await checkAchievements(userId.data);
    console.log(
      unlocked.length ? `unlocked: ${unlocked.map((a) => a.title).join(", ")}` : "nothing new unlocked",
    );
  }
} finally {
  await runtime.stop();
}
