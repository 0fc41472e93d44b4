// npm run typing:load-corpus -- <file.jsonl|file.txt> [--mode words|sentences]
// Loads snippets idempotently (a text already present is skipped) and prints what was added and rejected.
import { parseArgs } from "node:util";
import { startRuntime } from "../app/lib/runtime.server.ts";
import { loadSnippets, readCorpusFile } from "../app/modules/typing/corpus.server.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { mode: { type: "string", default: "sentences" } },
});
const file = positionals[0];
if (!file || (values.mode !== "words" && values.mode !== "sentences")) {
  console.error("usage: npm run typing:load-corpus -- <file.jsonl|file.txt> [--mode words|sentences]");
  process.exit(2);
}
const runtime = await startRuntime({ jobs: false, seed: false });
try {
  const report = await loadSnippets(await readCorpusFile(file, values.mode));
  console.log(`added ${report.added}, already present ${report.skipped}, rejected ${report.rejected.length}`);
  for (const r of report.rejected.slice(0, 20)) console.log(`  rejected (${r.reason}): ${r.text}`);
} finally {
  await runtime.stop();
}
