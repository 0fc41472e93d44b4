import { getDbHandle } from "../../../db/client.ts";
import { activeQueues, getBoss } from "../../../jobs/boss.ts";
import { deadLetterName } from "../../../jobs/registry.ts";

/** What the admin jobs page shows and does. Counts are read live from pg-boss's job table. */
import { JOB_STATES, type JobState } from "./job-states.ts";

export interface QueueSummary {
  name: string;
  description: string;
  cron: string | null;
  deadLetter: string | null;
  counts: Record<JobState, number>;
}

function allQueueNames(): string[] {
  return activeQueues().flatMap((q) => [q.name, deadLetterName(q.name)]);
}

function queueByName(name: string) {
  return activeQueues().find((q) => q.name === name);
}

export async function queueSummaries(): Promise<QueueSummary[]> {
  const names = allQueueNames();
  const rows = await getDbHandle().sql<{ name: string; state: JobState; n: number }[]>`
    select name, state::text as state, count(*)::int as n
    from pgboss.job where name = any(${names}) group by name, state`;
  return names.map((name) => {
    const def = queueByName(name);
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    for (const r of rows) if (r.name === name) counts[r.state] = r.n;
    return {
      name,
      description: def?.description ?? `Dead letters of ${name.replace(/\.dead$/, "")}`,
      cron: def?.cron ?? null,
      deadLetter: def ? deadLetterName(name) : null,
      counts,
    };
  });
}

export interface FailedJob {
  id: string;
  name: string;
  /** failed: out of retries (can be retried); retry: waiting for its next attempt (can be cancelled). */
  state: "failed" | "retry";
  error: string;
  retryCount: number;
  createdOn: Date;
  completedOn: Date | null;
}

/** Most recent failed attempts across our queues, with the error message (never the data payload). */
export async function recentFailures(limit = 25): Promise<FailedJob[]> {
  const rows = await getDbHandle().sql<
    {
      id: string;
      name: string;
      state: "failed" | "retry";
      output: unknown;
      retry_count: number;
      // Raw queries return timestamps as strings: drizzle's postgres-js adapter turns the shared client's
      // date parsers off.
      created_on: Date | string;
      completed_on: Date | string | null;
    }[]
  >`
    select id, name, state::text as state, output, retry_count, created_on, completed_on from pgboss.job
    where (state = 'failed' or (state = 'retry' and output is not null)) and name = any(${allQueueNames()})
    order by coalesce(completed_on, started_on, created_on) desc limit ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    error: errorMessage(r.output),
    retryCount: r.retry_count,
    createdOn: new Date(r.created_on),
    completedOn: r.completed_on ? new Date(r.completed_on) : null,
  }));
}

function errorMessage(output: unknown): string {
  if (output && typeof output === "object" && "message" in output) return String(output.message);
  return output ? JSON.stringify(output).slice(0, 500) : "(no error recorded)";
}

export class UnknownQueueError extends Error {}

function assertKnown(name: string): void {
  if (!allQueueNames().includes(name)) throw new UnknownQueueError(`Unknown queue ${name}`);
}

// pg-boss types CommandResponse as {}; at run time it carries how many jobs the command changed.
function affected(result: object): boolean {
  return ((result as { affected?: number }).affected ?? 0) > 0;
}

export async function retryJob(name: string, id: string): Promise<boolean> {
  assertKnown(name);
  return affected(await getBoss().retry(name, id));
}

export async function cancelJob(name: string, id: string): Promise<boolean> {
  assertKnown(name);
  return affected(await getBoss().cancel(name, id));
}

/** Enqueues a job now on a declared queue (admin "run now"). */
export async function runNow(name: string): Promise<string | null> {
  if (!queueByName(name)) throw new UnknownQueueError(`Unknown queue ${name}`);
  return getBoss().send(name, {});
}

export interface JobStatus {
  id: string;
  queue: string;
  state: JobState;
  progress: number | null;
  message: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  retries: number;
}

/** One job's state from pg-boss, with the progress it reported (GET /api/admin/jobs/:id). */
type JobRow = {
  id: string;
  name: string;
  state: JobState;
  created_on: Date | string;
  started_on: Date | string | null;
  completed_on: Date | string | null;
  retry_count: number;
  fraction: number | null;
  message: string | null;
};

const toStatus = (row: JobRow): JobStatus => ({
  id: row.id,
  queue: row.name,
  state: row.state,
  progress: row.state === "completed" ? 1 : row.fraction,
  message: row.message,
  // The raw client may hand timestamps back as strings: normalise through Date.
  created_at: new Date(row.created_on).toISOString(),
  started_at: row.started_on ? new Date(row.started_on).toISOString() : null,
  completed_at: row.completed_on ? new Date(row.completed_on).toISOString() : null,
  retries: row.retry_count,
});

export async function jobStatus(id: string): Promise<JobStatus | null> {
  const names = allQueueNames();
  const [row] = await getDbHandle().sql<JobRow[]>`
    select j.id::text as id, j.name, j.state::text as state, j.created_on, j.started_on, j.completed_on,
           j.retry_count, p.fraction, p.message
    from pgboss.job j left join job_progress p on p.job_id = j.id::text
    where j.id = ${id}::uuid and j.name = any(${names})`;
  return row ? toStatus(row) : null;
}

/** The newest jobs of one queue with their progress (for a module's admin page). */
export async function latestJobs(queue: string, limit = 5): Promise<JobStatus[]> {
  if (!queueByName(queue)) throw new UnknownQueueError(`Unknown queue ${queue}`);
  const rows = await getDbHandle().sql<JobRow[]>`
    select j.id::text as id, j.name, j.state::text as state, j.created_on, j.started_on, j.completed_on,
           j.retry_count, p.fraction, p.message
    from pgboss.job j left join job_progress p on p.job_id = j.id::text
    where j.name = ${queue} order by j.created_on desc limit ${limit}`;
  return rows.map(toStatus);
}
