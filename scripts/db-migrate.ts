// Applies committed migrations (db/migrations) to DATABASE_URL, or to the embedded server in local mode.
import { startRuntime } from "../app/lib/runtime.server.ts";

const runtime = await startRuntime({ jobs: false, seed: false });
console.log("migrations applied");
await runtime.stop();
