import fs from "node:fs/promises";
import { count, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { vocabularyWords } from "../../../db/schema/index.ts";
import { parseVocabularyCsv, type CsvProblem, type VocabularyRow } from "./vocabulary-csv.ts";

/**
 * The vocabulary table. Imports upsert on the word (case-insensitive) in one transaction: the valid rows of
 * a file land together or not at all, and each bad line is reported with its fields rather than stopping
 * the file (docs/decisions/009).
 */
export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  rejected: CsvProblem[];
}

export async function importVocabulary(rows: VocabularyRow[], source: string): Promise<ImportReport> {
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, rejected: [] };
  await db().transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const written = await tx
        .insert(vocabularyWords)
        .values(
          chunk.map((r) => ({
            french: r.french,
            english: r.english,
            rank: r.rank,
            partOfSpeech: r.part_of_speech,
            gender: r.gender,
            cefrLevel: r.cefr_level,
            exampleFr: r.example_fr,
            exampleEn: r.example_en,
            source,
          })),
        )
        .onConflictDoUpdate({
          target: vocabularyWords.frenchKey,
          set: {
            french: sql`excluded.french`,
            english: sql`excluded.english`,
            rank: sql`excluded.rank`,
            partOfSpeech: sql`excluded.part_of_speech`,
            gender: sql`excluded.gender`,
            cefrLevel: sql`excluded.cefr_level`,
            exampleFr: sql`excluded.example_fr`,
            exampleEn: sql`excluded.example_en`,
            source: sql`excluded.source`,
            updatedAt: sql`now()`,
          },
          // Only rows that differ are rewritten, so a re-import reports them as unchanged.
          setWhere: sql`(${vocabularyWords.french}, ${vocabularyWords.english}, ${vocabularyWords.rank},
            ${vocabularyWords.partOfSpeech}, ${vocabularyWords.gender}, ${vocabularyWords.cefrLevel},
            ${vocabularyWords.exampleFr}, ${vocabularyWords.exampleEn})
            is distinct from (excluded.french, excluded.english, excluded.rank, excluded.part_of_speech,
            excluded.gender, excluded.cefr_level, excluded.example_fr, excluded.example_en)`,
        })
        .returning({ inserted: sql<boolean>`xmax = 0` });
      report.added += written.filter((w) => w.inserted).length;
      report.updated += written.filter((w) => !w.inserted).length;
      report.unchanged += chunk.length - written.length;
    }
  });
  return report;
}

export async function importVocabularyCsv(text: string, source: string): Promise<ImportReport> {
  const { rows, problems } = parseVocabularyCsv(text);
  const report = await importVocabulary(rows, source);
  return { ...report, rejected: problems };
}

export const DEFAULT_VOCABULARY = new URL("./vocabulary-data/vocabulary-fr.csv", import.meta.url);
const DEFAULT_SOURCE = "FreeDict fra-eng + frequency list (see vocabulary-data/NOTICE.md)";

/** Loads the shipped vocabulary into an empty table (first boot of any instance). */
export async function ensureDefaultVocabulary(): Promise<ImportReport | null> {
  const [row] = await db().select({ n: count() }).from(vocabularyWords);
  if ((row?.n ?? 0) > 0) return null;
  return importVocabularyCsv(await fs.readFile(DEFAULT_VOCABULARY, "utf8"), DEFAULT_SOURCE);
}

export async function vocabularySize(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(vocabularyWords);
  return row?.n ?? 0;
}
