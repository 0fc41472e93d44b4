import { parse } from "csv-parse/sync";
import { z } from "zod";
import { CEFR_LEVELS, PARTS_OF_SPEECH, type CefrLevel } from "./levels.ts";

export { CEFR_LEVELS, PARTS_OF_SPEECH, type CefrLevel };

/**
 * The vocabulary CSV (the seed's seed_vocabulary format, documented in the README): one word per row with
 * a header line. Parsing is pure: it returns the valid rows and, for every bad line, its line number and
 * each bad field, so an import can report them while still loading the rest.
 */
export const VOCABULARY_COLUMNS = [
  "rank",
  "french",
  "english",
  "part_of_speech",
  "gender",
  "cefr_level",
  "example_fr",
  "example_en",
] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional()
    .transform((s) => s ?? null);

export const vocabularyRowSchema = z.object({
  rank: z.coerce.number().int().min(1).max(1_000_000),
  french: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[\p{L}' -]+$/u, "Letters, apostrophes, spaces and hyphens only"),
  english: z.string().trim().min(1, "A gloss is required").max(200),
  part_of_speech: z
    .union([z.enum(PARTS_OF_SPEECH), z.literal("")])
    .nullable()
    .optional()
    .transform((s) => s || null),
  gender: z
    .union([z.enum(["m", "f"]), z.literal("")])
    .nullable()
    .optional()
    .transform((s) => s || null),
  cefr_level: z.enum(CEFR_LEVELS),
  example_fr: optionalText(300),
  example_en: optionalText(300),
});
export type VocabularyRow = z.output<typeof vocabularyRowSchema>;

export interface CsvProblem {
  line: number;
  errors: { path: string; message: string }[];
}

export function parseVocabularyCsv(text: string): { rows: VocabularyRow[]; problems: CsvProblem[] } {
  const rows: VocabularyRow[] = [];
  const problems: CsvProblem[] = [];
  let records: { record: Record<string, string>; line: number }[];
  try {
    records = (
      parse(text, {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        relax_column_count: true,
        bom: true,
        info: true,
      }) as { record: Record<string, string>; info: { lines: number } }[]
    ).map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows, problems: [{ line, errors: [{ path: "csv", message: (error as Error).message }] }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = ["rank", "french", "english", "cefr_level"].filter((c) => !header.includes(c));
  if (records.length && missing.length)
    return {
      rows,
      problems: [{ line: 1, errors: missing.map((c) => ({ path: c, message: "Missing column" })) }],
    };
  const seen = new Map<string, number>();
  for (const { record, line } of records) {
    const parsed = vocabularyRowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push({
        line,
        errors: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "row", message: i.message })),
      });
      continue;
    }
    const key = parsed.data.french.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        line,
        errors: [{ path: "french", message: `Repeats the word on line ${first}` }],
      });
      continue;
    }
    seen.set(key, line);
    rows.push(parsed.data);
  }
  return { rows, problems };
}

/**
 * A frequency band stands in for a CEFR level (no open word list carries official levels): the first
 * 600 words are A1, then A2 to 1,200, B1 to 2,500, B2 to 4,000, C1 to 8,000, C2 beyond.
 */
export function cefrForRank(rank: number): CefrLevel {
  if (rank <= 600) return "A1";
  if (rank <= 1200) return "A2";
  if (rank <= 2500) return "B1";
  if (rank <= 4000) return "B2";
  if (rank <= 8000) return "C1";
  return "C2";
}
