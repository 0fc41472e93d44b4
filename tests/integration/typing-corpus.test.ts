import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDbHandle } from "../../db/client";
import { corpusCounts, loadSnippets, readCorpusFile } from "../../app/modules/typing/corpus.server";

describe("typing corpus loading", () => {
  it("loads jsonl and txt files idempotently, with difficulty metadata, and reports rejects", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "corpus-"));
    const jsonl = path.join(dir, "more.jsonl");
    await fs.writeFile(
      jsonl,
      [
        JSON.stringify({ text: "The fox and the hound ran far over the hills.", source: "test" }),
        JSON.stringify({ text: "zip zap zoom quiz jazz", mode: "words" }),
        JSON.stringify({ text: "short" }),
        JSON.stringify({ text: "Ça coûte très cher à Besançon, où l'été est chaud." }),
      ].join("\n"),
    );
    const txt = path.join(dir, "more.txt");
    await fs.writeFile(
      txt,
      "First paragraph of a plain text file.\n\nSecond paragraph,\nwrapped over lines.\n",
    );

    const first = await loadSnippets([...(await readCorpusFile(jsonl)), ...(await readCorpusFile(txt))]);
    expect(first.added).toBe(4);
    expect(first.rejected.map((r) => r.reason)).toEqual([
      "shorter than 10 characters",
      "more than 5% of its characters are not on a US keyboard",
    ]);
    const again = await loadSnippets([...(await readCorpusFile(jsonl)), ...(await readCorpusFile(txt))]);
    expect(again.added).toBe(0);
    expect(again.skipped).toBe(4);
    expect(await corpusCounts()).toEqual({ words: 1, sentences: 3 });

    const [row] = await getDbHandle()
      .sql`select text, difficulty, features, keys from snippets where text like 'Second%'`;
    expect(row!.text).toBe("Second paragraph, wrapped over lines.");
    expect(row!.difficulty).toBeGreaterThanOrEqual(1);
    expect(row!.features).toHaveProperty("bigramRarity");
    expect(row!.keys).toContain(",");
  });
});
