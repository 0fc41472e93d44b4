import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const validate = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/climb-validate.ts", ...args], { cwd: process.cwd() });

describe("npm run climb:validate", () => {
  it("prints the estimator table for each session count and the eight-schools check, and exits 0", async () => {
    const { stdout } = await validate("--seed", "2", "--climbers-per-count", "15");
    const rows = stdout
      .split("\n")
      .filter((line) => /^\| (\d+|all) \|/.test(line))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows.map((r) => r[0])).toEqual(["3", "5", "10", "20", "30", "60", "all"]);
    expect(rows.map((r) => r[1])).toEqual(["15", "15", "15", "15", "15", "15", "90"]);
    for (const row of rows) {
      expect(row).toHaveLength(12);
      for (const cell of row.slice(2)) expect(Number(cell)).toBeGreaterThan(0);
    }
    // Columns 2-6 are coefficient RMSEs: own LS, pooled LS, quick (priors), quick (fitted), hierarchical.
    const all = rows.at(-1)!.map(Number);
    expect(all[6]).toBeLessThan(all[2]!);
    expect(all[6]).toBeLessThan(all[3]!);
    expect(stdout).toMatch(/max R-hat \d\.\d+, min ESS \d+/);
    expect(stdout).toContain("## Eight schools vs numerical quadrature");
    expect(stdout.match(/^\| (mu|tau|theta_1) (mean|sd) \|.*\| yes \|$/gm)).toHaveLength(6);
  }, 120_000);

  it("rejects a bad option", async () => {
    const error = await validate("--climbers-per-count", "0").catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/usage/);
  });
});
