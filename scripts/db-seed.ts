// Seeds demo data into an empty database (SEED_DEMO_DATA decides; on by default in local mode).
import { seedIfEmpty } from "../db/seed/index.ts";
import { startRuntime } from "../app/lib/runtime.server.ts";

const runtime = await startRuntime({ jobs: false, seed: false });
console.log((await seedIfEmpty()) ? "seeded demo data" : "database not empty: nothing seeded");
await runtime.stop();
