/**
 * `npm run bench`: the production build on a fresh embedded Postgres, measured with autocannon from this
 * process. /health is the framework ceiling; every other row is reported as a ratio to it, measured in the
 * same run, so the numbers mean the same on a slow or a fast machine. Later modules add rows to `rows`.
 */
import fs from "node:fs/promises";
import path from "node:path";
import autocannon from "autocannon";
import { tempDataDir } from "../db/embedded.ts";
import { root, startServerProcess, stopServerProcess } from "../tests/support/server-process.ts";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ADMIN = { email: "bench-admin@praxis.local", password: "bench-admin-password" };

interface Row {
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** Minimum share of the /health ceiling this row must reach. */
  target: number;
  targetText: string;
}

interface Measured {
  row: Row;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(url: string, row: Row): Promise<Measured> {
  const result = await autocannon({
    url: url + row.path,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: row.headers,
  });
  return {
    row,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function setupToken(url: string): Promise<{ token: string; adminCookie: string }> {
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
    body: new URLSearchParams(fields),
    redirect: "manual" as const,
  });
  const signup = await fetch(
    `${url}/signup`,
    form({ email: "bench@praxis.local", displayName: "Bench", password: "bench-password-1" }),
  );
  const cookie = signup.headers.getSetCookie()[0]!.split(";")[0]!;
  const created = await fetch(`${url}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: url },
    body: JSON.stringify({ name: "bench" }),
  });
  const { token } = (await created.json()) as { token: string };
  const login = await fetch(`${url}/login`, form(ADMIN));
  return { token, adminCookie: login.headers.getSetCookie()[0]!.split(";")[0]! };
}

/** Time from "Run now" in the admin console to the job showing as completed (LISTEN/NOTIFY pickup). */
async function jobLatency(url: string, cookie: string, samples = 5): Promise<number[]> {
  const completed = async () => {
    const r = await fetch(`${url}/api/admin/queues`, { headers: { Cookie: cookie } });
    const body = (await r.json()) as { queues: { name: string; counts: { completed: number } }[] };
    return body.queues.find((q) => q.name === "auth.purge-expired-sessions")!.counts.completed;
  };
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const before = await completed();
    const started = performance.now();
    await fetch(`${url}/admin/jobs`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: url },
      body: new URLSearchParams({ intent: "run-now", queue: "auth.purge-expired-sessions" }),
    });
    while ((await completed()) <= before) {
      if (performance.now() - started > 10_000) throw new Error("job did not complete within 10 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    out.push(performance.now() - started);
  }
  return out;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = path.dirname(await tempDataDir("praxis-bench-"));
  const server = await startServerProcess(
    {
      EMBEDDED_PG_DIR: path.join(dir, "pg"),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: "warn",
      SEED_DEMO_DATA: "false",
    },
    path.join(dir, "server.log"),
  );
  try {
    const { token, adminCookie } = await setupToken(server.url);
    const rows: Row[] = [
      { name: "GET /health (ceiling)", path: "/health", target: 1, targetText: "ceiling" },
      {
        name: "GET /api/me (Bearer token)",
        path: "/api/me",
        headers: { Authorization: `Bearer ${token}` },
        target: 0.2,
        targetText: ">= 0.20 x ceiling",
      },
    ];
    const results: Measured[] = [];
    for (const row of rows) {
      process.stderr.write(`measuring ${row.name} for ${DURATION}s with ${CONNECTIONS} connections...\n`);
      results.push(await measure(server.url, row));
    }
    const ceiling = results[0]!.rps;
    const latencies = await jobLatency(server.url, adminCookie);

    const lines = [
      `# Praxis benchmark`,
      ``,
      `${new Date().toISOString()} · production build · embedded PostgreSQL · autocannon ${CONNECTIONS} connections × ${DURATION}s per row, on the same machine as the server`,
      ``,
      `| row | req/s | p50 ms | p90 ms | p99 ms | ratio to ceiling | target | met | errors/non-2xx |`,
      `| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |`,
      ...results.map((m) => {
        const ratio = m.rps / ceiling;
        const met = ratio >= m.row.target && m.errors === 0 && m.non2xx === 0;
        return `| ${m.row.name} | ${fmt(m.rps, 0)} | ${m.p50} | ${m.p90} | ${m.p99} | ${fmt(ratio, 2)} | ${m.row.targetText} | ${met ? "yes" : "NO"} | ${m.errors}/${m.non2xx} |`;
      }),
      ``,
      `| job pickup | median ms | max ms | target | met |`,
      `| --- | ---: | ---: | --- | --- |`,
      `| admin "Run now" → auth.purge-expired-sessions completed (${latencies.length} runs, incl. HTTP round trips) | ${fmt(median(latencies), 0)} | ${fmt(Math.max(...latencies), 0)} | < 1000 ms | ${median(latencies) < 1000 ? "yes" : "NO"} |`,
      ``,
    ];
    const report = lines.join("\n");
    console.log(report);
    await fs.mkdir(path.join(root, "bench/results"), { recursive: true });
    await fs.writeFile(path.join(root, "bench/results/latest.md"), report);
    const failed =
      results.some((m) => m.rps / ceiling < m.row.target || m.errors > 0 || m.non2xx > 0) ||
      median(latencies) >= 1000;
    if (failed) process.exitCode = 1;
  } finally {
    await stopServerProcess(server);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
