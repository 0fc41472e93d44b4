// npm run learn:seed-vocabulary -- --generate-sample [--out vocabulary_fr_sample.csv]
// npm run learn:seed-vocabulary -- --csv <file.csv>
// The seed's seed_vocabulary script. --generate-sample writes a small CSV in the import format (the first
// words of the shipped vocabulary plus two with example sentences); --csv imports a file idempotently
// (upsert on the word) and reports rows added, updated, unchanged and rejected with each reason.
import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import { startRuntime } from "../app/lib/runtime.server.ts";
import { parseVocabularyCsv, VOCABULARY_COLUMNS } from "../app/modules/learn/vocabulary-csv.ts";
import { DEFAULT_VOCABULARY, importVocabularyCsv } from "../app/modules/learn/vocabulary.server.ts";

const { values } = parseArgs({
  options: {
    "generate-sample": { type: "boolean", default: false },
    out: { type: "string", default: "vocabulary_fr_sample.csv" },
    csv: { type: "string" },
  },
});

if (values["generate-sample"]) {
  const { rows } = parseVocabularyCsv(await fs.readFile(DEFAULT_VOCABULARY, "utf8"));
  const sample = rows.slice(0, 48);
  sample.push(
    {
      ...rows.find((r) => r.french === "maison")!,
      example_fr: "La maison est au bout de la rue.",
      example_en: "The house is at the end of the street.",
    },
    {
      ...rows.find((r) => r.french === "ville")!,
      example_fr: "Elle habite en ville depuis un an.",
      example_en: "She has lived in town for a year.",
    },
  );
  await fs.writeFile(values.out, stringify(sample, { header: true, columns: [...VOCABULARY_COLUMNS] }));
  console.log(`wrote ${sample.length} words to ${values.out}`);
} else if (values.csv) {
  const text = await fs.readFile(values.csv, "utf8");
  const runtime = await startRuntime({ jobs: false, seed: false });
  try {
    const report = await importVocabularyCsv(text, values.csv.split("/").at(-1) ?? values.csv);
    console.log(
      `added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}`,
    );
    for (const p of report.rejected)
      console.log(`  line ${p.line}: ${p.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  } finally {
    await runtime.stop();
  }
} else {
  console.error(
    "usage: npm run learn:seed-vocabulary -- --generate-sample [--out file.csv] | --csv <file.csv>",
  );
  process.exit(2);
}
