import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Runs the real server.ts (production build) as a child process, as `npm run serve` would. */
export const root = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  logFile: string;
}

export async function startServerProcess(
  env: Record<string, string>,
  logFile: string,
  timeoutMs = 60_000,
  script = "server.ts",
): Promise<ServerProcess> {
  const fd = fs.openSync(logFile, "a");
  const child = fork(path.join(root, script), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", fd, fd, "ipc"],
  });
  fs.closeSync(fd);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start; see ${logFile}`)), timeoutMs);
    child.on("message", (m: { type?: string; port?: number }) => {
      if (m.type === "listening" && m.port) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `server exited with ${code}; see ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`,
        ),
      );
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, logFile };
}

/** Sends a signal and resolves with the exit code (or signal name) once the process is gone. */
export function stopServerProcess(
  server: ServerProcess,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<number | string> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode!);
  return new Promise((resolve) => {
    child.once("exit", (code, sig) => resolve(code ?? sig ?? -1));
    child.kill(signal);
  });
}
