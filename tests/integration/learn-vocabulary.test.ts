import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { parseVocabularyCsv } from "../../app/modules/learn/vocabulary-csv";
import {
  ensureDefaultVocabulary,
  importVocabularyCsv,
  vocabularySize,
} from "../../app/modules/learn/vocabulary.server";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

const HEADER = "rank,french,english,part_of_speech,gender,cefr_level,example_fr,example_en";

describe("French vocabulary", () => {
  it("ships thousands of glossed words, loaded once into an empty table, nouns with their gender", async () => {
    expect(await vocabularySize()).toBe(0);
    const loaded = await ensureDefaultVocabulary();
    expect(loaded?.rejected).toEqual([]);
    expect(loaded?.added).toBeGreaterThan(2_500);
    expect(await ensureDefaultVocabulary()).toBeNull();
    expect(await vocabularySize()).toBe(loaded?.added);
    const rows = await db().execute<{ french: string; english: string; gender: string | null }>(
      sql`select french, english, gender from vocabulary_words where french in ('maison', 'être', 'ville') order by rank`,
    );
    expect(rows.map((r) => r.french)).toEqual(["être", "maison", "ville"]);
    expect(rows.find((r) => r.french === "maison")).toMatchObject({ english: "house", gender: "f" });
  });

  it("imports a CSV idempotently and reports each bad line with its fields, loading the valid rows", async () => {
    const csv = [
      HEADER,
      "90001,zyzzyvaire,test word one,noun,m,C2,Un zyzzyvaire.,A zyzzyvaire.",
      "90002,quaxelle,test word two,verb,,C2,,",
      "abc,,missing gloss,noun,x,Z9,,",
      "90003,zyzzyvaire,repeated,noun,m,C2,,",
    ].join("\n");
    const first = await importVocabularyCsv(csv, "test");
    expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
    expect(first.rejected).toEqual([
      {
        line: 4,
        errors: expect.arrayContaining([
          expect.objectContaining({ path: "rank" }),
          expect.objectContaining({ path: "french" }),
          expect.objectContaining({ path: "gender" }),
          expect.objectContaining({ path: "cefr_level" }),
        ]),
      },
      { line: 5, errors: [{ path: "french", message: "Repeats the word on line 2" }] },
    ]);

    const again = await importVocabularyCsv(csv, "test");
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const changed = await importVocabularyCsv(
      [HEADER, "90002,Quaxelle,test word two (changed),verb,,C2,,"].join("\n"),
      "test",
    );
    expect(changed).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    const [row] = await db().execute<{ french: string; english: string }>(
      sql`select french, english from vocabulary_words where french_key = 'quaxelle'`,
    );
    expect(row).toEqual({ french: "Quaxelle", english: "test word two (changed)" });
  });

  it("refuses a file without the required columns as a whole", () => {
    const { rows, problems } = parseVocabularyCsv("word,meaning\nchat,cat\n");
    expect(rows).toEqual([]);
    expect(problems[0]!.errors.map((e) => e.path)).toEqual(["rank", "french", "english", "cefr_level"]);
  });

  it("npm run learn:seed-vocabulary writes a sample CSV that imports cleanly", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "vocab-"));
    const out = path.join(dir, "sample.csv");
    await run(
      process.execPath,
      ["--import", "tsx", "scripts/learn-seed-vocabulary.ts", "--generate-sample", "--out", out],
      { cwd: root },
    );
    const { rows, problems } = parseVocabularyCsv(await fs.readFile(out, "utf8"));
    expect(problems).toEqual([]);
    expect(rows.length).toBe(50);
    expect(rows.find((r) => r.french === "maison")?.example_fr).toMatch(/maison/);
    // Everything in it is already in the shipped vocabulary except the two examples.
    const report = await importVocabularyCsv(await fs.readFile(out, "utf8"), "sample");
    expect(report).toMatchObject({ added: 0, updated: 2, unchanged: 48, rejected: [] });
  });
});
