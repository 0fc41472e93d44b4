import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { Button, RevlogEntry } from "./revlog.ts";

/**
 * The review-log CSV `learn:eval-srs` reads: the columns of fsrs-rs and srs-benchmark's revlog export,
 * which Anki's revlog table maps onto directly.
 *   card_id          any string or number identifying the card
 *   review_time      milliseconds since the epoch (Anki's revlog.id), or an ISO 8601 time
 *   review_rating    button 1 Again, 2 Hard, 3 Good, 4 Easy; 0 is a manual reschedule and is skipped
 *   review_state     optional: 0 New, 1 Learning, 2 Review, 3 Relearning, 4 Filtered/manual (4 is skipped)
 *   review_duration  optional: milliseconds spent answering (not used by the models)
 */
export const REVLOG_COLUMNS = [
  "card_id",
  "review_time",
  "review_rating",
  "review_state",
  "review_duration",
] as const;

const time = z.string().transform((s, ctx) => {
  const ms = /^\d{10,}$/.test(s) ? Number(s) : /^\d{4}-\d\d-\d\dT/.test(s) ? Date.parse(s) : Number.NaN;
  if (Number.isNaN(ms))
    ctx.addIssue({ code: "custom", message: "review_time must be milliseconds since the epoch or ISO 8601" });
  return ms;
});

const rowSchema = z.object({
  card_id: z.string().trim().min(1, "card_id is empty"),
  review_time: time,
  review_rating: z.enum(["0", "1", "2", "3", "4"], "review_rating must be 0-4").transform(Number),
  review_state: z
    .enum(["", "0", "1", "2", "3", "4"], "review_state must be 0-4")
    .optional()
    .transform((s) => (s ? Number(s) : null)),
});

export interface RevlogParse {
  entries: RevlogEntry[];
  skipped: number;
  problems: { line: number; message: string }[];
}

export function parseRevlogCsv(text: string): RevlogParse {
  const records = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    relax_column_count: true,
  }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  const entries: RevlogEntry[] = [];
  const problems: RevlogParse["problems"] = [];
  let skipped = 0;
  for (const { record, info } of records) {
    const row = rowSchema.safeParse(record);
    if (!row.success) {
      problems.push({ line: info.lines, message: row.error.issues.map((i) => i.message).join("; ") });
      continue;
    }
    const { card_id, review_time, review_rating, review_state } = row.data;
    if (review_rating === 0 || review_state === 4) {
      skipped++;
      continue;
    }
    entries.push({ cardId: card_id, time: review_time, rating: review_rating as Button });
  }
  return { entries, skipped, problems };
}

export function revlogCsv(entries: readonly RevlogEntry[]): string {
  return stringify(
    entries.map((e) => [e.cardId, e.time, e.rating, "", ""]),
    { header: true, columns: [...REVLOG_COLUMNS] },
  );
}
