import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { clusteredInteractions } from "../ml/recs-eval/synthetic.ts";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const script = ["--import", "tsx", "scripts/recs-eval.ts"];

describe("npm run recs:eval", () => {
  it("reads any ratings file and prints the four models' metrics", async () => {
    const data = clusteredInteractions({ seed: 3 });
    const lines = Array.from(data.users, (u, i) => `${u + 1}\t${data.items[i]! + 1}\t5\t${1_000_000 + i}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "recs-eval-")), "ratings.tsv");
    fs.writeFileSync(file, lines.join("\n"));
    const { stdout } = await run(process.execPath, [...script, "--file", file], {
      cwd: root,
      timeout: 120_000,
    });
    const rows = stdout.split("\n").map((line) => line.trim().split(/\s{2,}/));
    for (const model of ["popularity", "itemknn", "two-tower", "two-tower + ranker"]) {
      const row = rows.find((r) => r[0] === model);
      expect(row, model).toBeDefined();
      for (const cell of row!.slice(1, 5)) expect(Number(cell)).toBeGreaterThanOrEqual(0);
    }
    expect(stdout).toMatch(/NDCG@10/);
  }, 150_000);

  it("refuses unclear arguments", async () => {
    const bad = await run(process.execPath, [...script], { cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/give --dataset or --file/);
  });
});
