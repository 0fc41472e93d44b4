import { getDbHandle } from "../../db/client.ts";
import { getBoss, hasBoss } from "../../jobs/boss.ts";

export interface CheckResult {
  status: "ok" | "error";
  latency_ms: number;
  error?: string;
}

export interface HealthReport {
  status: "healthy" | "unhealthy";
  timestamp: string;
  version: string;
  checks: { database: CheckResult; queue: CheckResult };
}

export const APP_VERSION = process.env.APP_VERSION ?? process.env.npm_package_version ?? "0.1.0";

async function timed(fn: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: "error",
      latency_ms: Math.round(performance.now() - started),
      error: (error as Error).message || String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Database: a round trip. Queue: pg-boss is running and its schema answers. */
export async function checkHealth(timeoutMs = 2000): Promise<HealthReport> {
  const [database, queue] = await Promise.all([
    timed(() => getDbHandle().sql`select 1`, timeoutMs),
    timed(async () => {
      if (!hasBoss()) throw new Error("pg-boss is not running in this process");
      if (!(await getBoss().isInstalled())) throw new Error("the pg-boss schema is missing");
    }, timeoutMs),
  ]);
  const healthy = database.status === "ok" && queue.status === "ok";
  return {
    status: healthy ? "healthy" : "unhealthy",
    timestamp: new Date().toISOString(),
    version: APP_VERSION,
    checks: { database, queue },
  };
}
