/**
 * The bench's one table: every module's rows with the same columns (req/s, p50, p95, p99, the share of the
 * /health ceiling measured at the same concurrency in the same run, the target and whether it was met).
 * Rows that are not autocannon runs (the learner flow, the climb stream, stories, job pickup) are reduced to
 * the same columns from their own timings; what cannot be a rate (a job's pickup) shows "–".
 */
import { percentile } from "./learner-flow.ts";

export interface SummaryRow {
  module: string;
  name: string;
  /** Requests in flight at once (autocannon connections, concurrent learners or stories). */
  conns: number;
  /** Completed requests per second, or null where a rate means nothing. */
  rps: number | null;
  p50: number;
  p95: number;
  p99: number;
  target: string;
  /** null: reported, no target. */
  met: boolean | null;
  /** Errors and non-2xx answers, where counted. */
  failures?: number;
  /** Why an unmet target is out of reach here, printed under the table. */
  gap?: string;
}

/** p50/p95/p99 of a list of milliseconds (nearest rank). */
export function latencyPercentiles(ms: number[]): Pick<SummaryRow, "p50" | "p95" | "p99"> {
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
}

/** Requests per second for sequential requests that took `ms` each. */
export function sequentialRate(ms: number[]): number {
  const total = ms.reduce((a, b) => a + b, 0);
  return total > 0 ? ms.length / (total / 1000) : Number.NaN;
}

const num = (n: number | null, digits: number) =>
  n === null || !Number.isFinite(n) ? "–" : n.toFixed(digits);
/** Sub-millisecond latencies keep a decimal; the rest are whole milliseconds. */
const ms = (n: number) => num(n, n < 10 ? 1 : 0);

/**
 * Markdown lines for the table. `ceilingAt(conns)` is /health's req/s at that concurrency, measured in the
 * same run; a row's ratio is its req/s over that.
 */
export function summaryTable(rows: SummaryRow[], ceilingAt: (conns: number) => number): string[] {
  const gaps = rows.filter((r) => r.met === false);
  return [
    `| module | row | conns | req/s | p50 ms | p95 ms | p99 ms | x /health | target | met |`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |`,
    ...rows.map((r) => {
      const ratio = r.rps === null ? null : r.rps / ceilingAt(r.conns);
      const met = r.met === null ? "(reported)" : r.met ? "yes" : "**NO**";
      const failures = r.failures ? ` (${r.failures} failed)` : "";
      return `| ${r.module} | ${r.name} | ${r.conns} | ${num(r.rps, r.rps !== null && r.rps < 10 ? 2 : 0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${num(ratio, ratio !== null && ratio < 0.01 ? 4 : 2)} | ${r.target} | ${met}${failures} |`;
    }),
    ``,
    gaps.length === 0 ? `Every target met.` : `Targets not met (${gaps.length}):`,
    ...gaps.map((r) => `- **${r.module}: ${r.name}**: ${r.gap ?? "no reason known"}`),
  ];
}
