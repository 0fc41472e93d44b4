import client from "prom-client";

/**
 * Prometheus metrics on prom-client's default registry. prom-client is loaded once from node_modules, so
 * the registry is shared by server.ts and the Remix build; metric objects are created once per process.
 */
interface Metrics {
  httpDuration: client.Histogram<"method" | "route" | "status">;
  jobsProcessed: client.Counter<"queue" | "outcome">;
  jobDuration: client.Histogram<"queue">;
  jobQueueSize: client.Gauge<"queue" | "state">;
}

const holder = globalThis as typeof globalThis & { __praxisMetrics?: Metrics };

export function metrics(): Metrics {
  if (holder.__praxisMetrics) return holder.__praxisMetrics;
  client.collectDefaultMetrics({ prefix: "praxis_" });
  holder.__praxisMetrics = {
    httpDuration: new client.Histogram({
      name: "praxis_http_request_duration_seconds",
      help: "HTTP request duration by route pattern, method and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    jobsProcessed: new client.Counter({
      name: "praxis_jobs_processed_total",
      help: "Jobs handled by this process, by queue and outcome",
      labelNames: ["queue", "outcome"],
    }),
    jobDuration: new client.Histogram({
      name: "praxis_job_duration_seconds",
      help: "Job handler duration by queue",
      labelNames: ["queue"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    }),
    jobQueueSize: new client.Gauge({
      name: "praxis_job_queue_jobs",
      help: "Jobs stored per queue and state, read from pg-boss when metrics are scraped",
      labelNames: ["queue", "state"],
    }),
  };
  return holder.__praxisMetrics;
}

export const metricsRegistry = client.register;
