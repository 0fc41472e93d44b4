import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { tempDataDir } from "../../db/embedded";
import { root, startServerProcess, stopServerProcess } from "../support/server-process";

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function freshDir() {
  const dir = path.dirname(await tempDataDir("praxis-proc-"));
  dirs.push(dir);
  return dir;
}

function postmasterAlive(pidFile: string) {
  return fs
    .readFile(pidFile, "utf8")
    .then((t) => {
      process.kill(Number(t.split("\n")[0]), 0);
      return true;
    })
    .catch(() => false);
}

describe("server process", () => {
  it("refuses to start with a bad env value and names the variable", async () => {
    const result = await run(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "eighty", PRAXIS_ROLE: "everything" },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toMatch(/PORT/);
    expect((result as { stderr: string }).stderr).toMatch(/PRAXIS_ROLE/);
  });

  it("recovers from SIGKILL with embedded Postgres, keeps data, and shuts down cleanly on SIGTERM", async () => {
    const dir = await freshDir();
    const env = { EMBEDDED_PG_DIR: path.join(dir, "pg"), SEED_DEMO_DATA: "false" };
    const first = await startServerProcess(env, path.join(dir, "first.log"));
    const signup = await fetch(`${first.url}/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: first.url },
      body: new URLSearchParams({
        email: "survivor@example.test",
        displayName: "S",
        password: "survive-the-crash",
      }),
      redirect: "manual",
    });
    expect(signup.status).toBe(302);
    expect(await stopServerProcess(first, "SIGKILL")).toBe("SIGKILL");
    // The database server outlives the killed Node process: the next start must deal with it.
    expect(await postmasterAlive(path.join(dir, "pg", "postmaster.pid"))).toBe(true);

    const second = await startServerProcess(env, path.join(dir, "second.log"));
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    const login = await fetch(`${second.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: second.url },
      body: new URLSearchParams({ email: "survivor@example.test", password: "survive-the-crash" }),
      redirect: "manual",
    });
    expect(login.status).toBe(302);
    expect(await fs.readFile(second.logFile, "utf8")).toContain("stopping stale embedded PostgreSQL");

    const started = Date.now();
    expect(await stopServerProcess(second, "SIGTERM")).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await postmasterAlive(path.join(dir, "pg", "postmaster.pid"))).toBe(false);
  });

  it("runs workers only with PRAXIS_ROLE=worker: health and metrics, no pages", async () => {
    const dir = await freshDir();
    const metricsToken = "metrics-token-0123456789";
    const worker = await startServerProcess(
      { EMBEDDED_PG_DIR: path.join(dir, "pg"), PRAXIS_ROLE: "worker", METRICS_TOKEN: metricsToken },
      path.join(dir, "worker.log"),
    );
    try {
      expect((await fetch(`${worker.url}/health`)).status).toBe(200);
      expect((await fetch(`${worker.url}/api/health`)).status).toBe(200);
      expect((await fetch(`${worker.url}/login`)).status).toBe(404);
      // METRICS_TOKEN guards /metrics.
      expect((await fetch(`${worker.url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${worker.url}/metrics`, {
        headers: { Authorization: `Bearer ${metricsToken}` },
      });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain("praxis_job_queue_jobs");
    } finally {
      expect(await stopServerProcess(worker)).toBe(0);
    }
  });
});
