// npm run learn:seed-achievements: upserts the achievement definitions (idempotent; boot does it too).
import { startRuntime } from "../app/lib/runtime.server.ts";
import { listAchievements, seedAchievements } from "../app/modules/learn/achievements/achievements.server.ts";

const runtime = await startRuntime({ jobs: false, seed: false });
try {
  const { upserted } = await seedAchievements();
  const all = await listAchievements();
  console.log(`upserted ${upserted} achievements; ${all.length} defined:`);
  for (const a of all) console.log(`  ${a.key.padEnd(16)} ${a.category.padEnd(10)} ${a.title}`);
} finally {
  await runtime.stop();
}
