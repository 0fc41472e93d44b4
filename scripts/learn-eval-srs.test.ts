import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { revlogCsv } from "../ml/srs/revlog-csv";
import { simulateLearner } from "../ml/srs/simulated-learners";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-srs-"));
const evalSrs = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/learn-eval-srs.ts", ...args], { cwd: process.cwd() });

/** The table rows: model name → [log loss, RMSE(bins), AUC]. */
function table(stdout: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const line of stdout.split("\n")) {
    const m = /^(.+?)\s{2,}([\d.]+)\s+([\d.]+)\s+([\d.]+)$/.exec(line);
    if (m) rows.set(m[1]!.trim(), [Number(m[2]), Number(m[3]), Number(m[4])]);
  }
  return rows;
}

describe("npm run learn:eval-srs", () => {
  it("prints log loss, RMSE(bins) and AUC for each model on a review log CSV", async () => {
    const file = path.join(dir, "revlog.csv");
    fs.writeFileSync(file, revlogCsv(simulateLearner({ seed: 4, days: 160, newPerDay: 10 }).revlog));
    const { stdout } = await evalSrs(file, "--timezone", "Europe/Paris");
    const rows = table(stdout);
    expect([...rows.keys()]).toEqual([
      "FSRS-6 optimised",
      "FSRS-6 default",
      "constant (train recall rate)",
      "SM-2",
    ]);
    for (const [logLoss, rmse, auc] of rows.values()) {
      expect(logLoss).toBeGreaterThan(0);
      expect(rmse).toBeGreaterThan(0);
      expect(auc).toBeGreaterThanOrEqual(0);
      expect(auc).toBeLessThanOrEqual(1);
    }
    expect(rows.get("FSRS-6 optimised")![0]).toBeLessThan(rows.get("FSRS-6 default")![0]!);
    expect(stdout).toMatch(/trained on \d+ long-term reviews/);
  });

  it("reports bad rows by line and refuses a log with no usable reviews", async () => {
    const file = path.join(dir, "bad.csv");
    fs.writeFileSync(file, "card_id,review_time,review_rating\n1,soon,3\n2,1767603600000,9\n");
    const error = await evalSrs(file).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    const { stderr } = error as { stderr: string };
    expect(stderr).toMatch(/line 2: review_time/);
    expect(stderr).toMatch(/line 3: review_rating/);
    expect(stderr).toMatch(/no reviews to evaluate/);
  });
});
