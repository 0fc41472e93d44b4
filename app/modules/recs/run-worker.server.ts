import { Worker } from "node:worker_threads";

/** Runs recs.worker.ts with `input` (tsx loads the TypeScript) and resolves with its final message. */
export function runRecsWorker<T extends { type: string }>(
  input: unknown,
  onProgress: (fraction: number, message: string) => void = () => {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./recs.worker.ts", import.meta.url), {
      workerData: input,
      execArgv: ["--import", "tsx"],
    });
    let settled = false;
    worker.on("message", (m: { type: string; fraction?: number; message?: string }) => {
      if (m.type === "progress") return onProgress(m.fraction!, m.message ?? "");
      settled = true;
      if (m.type === "error") reject(new Error(m.message));
      else resolve(m as T);
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`recs worker exited with code ${code} before answering`));
    });
  });
}
