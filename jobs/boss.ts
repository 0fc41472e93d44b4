import { PgBoss } from "pg-boss";
import { isServiceUnavailable } from "../app/lib/api.server.ts";
import { logger } from "../app/lib/logger.server.ts";
import { metrics } from "../app/lib/metrics.server.ts";
import { deadLetterName, queues, type QueueDefinition } from "./registry.ts";

/**
 * pg-boss on the app's own database (schema `pgboss`). Every process that sends jobs starts it; only
 * processes with the worker role register handlers. Held on globalThis so the Remix build (which sends
 * jobs from routes) and server.ts share one instance.
 */
const holder = globalThis as typeof globalThis & {
  __praxisBoss?: PgBoss;
  __praxisQueues?: QueueDefinition[];
};

export interface StartBossOptions {
  url: string;
  work: boolean;
  /** Schedules need one instance to own them; the worker side does. */
  schedule?: boolean;
  max?: number;
  /** The queue table to run; tests pass their own, the app uses jobs/registry.ts. */
  queues?: QueueDefinition[];
}

export async function startBoss(options: StartBossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.url,
    schema: "pgboss",
    max: options.max ?? 4,
    application_name: "praxis-jobs",
    useListenNotify: options.work,
  });
  const defs = options.queues ?? queues;
  boss.on("error", logBossError());
  await boss.start();
  await ensureQueues(boss, defs);
  if (options.schedule ?? options.work) await ensureSchedules(boss, defs);
  if (options.work) for (const q of defs) await registerWorker(boss, q);
  holder.__praxisBoss = boss;
  holder.__praxisQueues = defs;
  return boss;
}

/**
 * pg-boss reports failures as 'error' events (a listener is required, or the process dies). While the
 * database is unreachable every worker's poll fails, about ten a second across the queues; those are logged
 * once per 30 s with a count, so an outage does not bury the log. Workers keep polling and resume by
 * themselves once Postgres answers again.
 */
function logBossError(quietMs = 30_000): (error: Error) => void {
  let quietUntil = 0;
  let suppressed = 0;
  return (error) => {
    if (!isServiceUnavailable(error)) return logger().error({ err: error }, "pg-boss error");
    if (Date.now() < quietUntil) {
      suppressed++;
      return;
    }
    logger().error({ err: error, suppressed }, "pg-boss cannot reach the database");
    quietUntil = Date.now() + quietMs;
    suppressed = 0;
  };
}

async function ensureQueues(boss: PgBoss, defs: QueueDefinition[]): Promise<void> {
  for (const q of defs) {
    const dead = deadLetterName(q.name);
    if (!(await boss.getQueue(dead))) {
      await boss.createQueue(dead, { retryLimit: 0, retentionSeconds: 30 * 86_400 });
    }
    const options = {
      retryLimit: q.retryLimit,
      retryDelay: q.retryDelay,
      retryBackoff: q.retryBackoff,
      expireInSeconds: q.expireInSeconds,
      deadLetter: dead,
      notify: true,
    };
    if (await boss.getQueue(q.name)) {
      await boss.updateQueue(q.name, options);
    } else {
      await boss.createQueue(q.name, options);
    }
  }
}

async function ensureSchedules(boss: PgBoss, defs: QueueDefinition[]): Promise<void> {
  for (const q of defs) {
    if (q.cron) await boss.schedule(q.name, q.cron, null, { tz: "UTC" });
    else await boss.unschedule(q.name).catch(() => undefined);
  }
}

async function registerWorker(boss: PgBoss, q: QueueDefinition): Promise<void> {
  const m = metrics();
  await boss.work(
    q.name,
    // NOTIFY wakes the worker for new jobs at once; the poll picks up retries whose backoff has passed.
    // While batches come back full there is a backlog: fetch again at once instead of waiting for the poll
    // (without this a 20-job batch every 2 s capped a queue at 10 jobs/s).
    {
      batchSize: q.batchSize,
      pollingIntervalSeconds: 2,
      notifyPollingIntervalSeconds: 2,
      burstWhenBatchFull: true,
    },
    async (jobs) => {
      const stop = m.jobDuration.startTimer({ queue: q.name });
      try {
        await q.handler(jobs);
        m.jobsProcessed.inc({ queue: q.name, outcome: "completed" }, jobs.length);
      } catch (error) {
        m.jobsProcessed.inc({ queue: q.name, outcome: "failed" }, jobs.length);
        logger().warn({ err: error, queue: q.name, jobs: jobs.map((j) => j.id) }, "job failed");
        throw error;
      } finally {
        stop();
      }
    },
  );
}

export function getBoss(): PgBoss {
  if (!holder.__praxisBoss) throw new Error("pg-boss not started: call startBoss() during boot");
  return holder.__praxisBoss;
}

/** The queue definitions the running pg-boss was started with. */
export function activeQueues(): QueueDefinition[] {
  return holder.__praxisQueues ?? queues;
}

export function hasBoss(): boolean {
  return Boolean(holder.__praxisBoss);
}

/** Stops fetching, waits for in-flight handlers up to the timeout, then closes the pool. */
export async function stopBoss(timeoutMs: number): Promise<void> {
  const boss = holder.__praxisBoss;
  if (!boss) return;
  holder.__praxisBoss = undefined;
  holder.__praxisQueues = undefined;
  await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
}
