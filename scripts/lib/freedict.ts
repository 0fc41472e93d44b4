import { execFileSync } from "node:child_process";

/**
 * Reads a FreeDict dictionary as Debian installs it for dictd (/usr/share/dictd/freedict-xxx-yyy.dict.dz):
 * entries of a headword line `word /ipa/ <pos, gender>` followed by numbered or plain sense lines.
 */
export interface FreeDictEntry {
  headword: string;
  ipa: string | null;
  pos: string | null;
  gender: "m" | "f" | null;
  senses: string[];
}

const HEAD = /^(\S.*?)(?: \/([^/]*)\/)?(?: <([^>]*)>)?$/;

export function parseFreeDict(text: string): FreeDictEntry[] {
  const entries: FreeDictEntry[] = [];
  let current: FreeDictEntry | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (!line) continue;
    // Headword lines carry a pronunciation; sense lines do not (and the database preamble starts "00-").
    const head = line.includes(" /") || line.includes(" <") ? HEAD.exec(line) : null;
    if (head && !line.startsWith(" ")) {
      const tags = (head[3] ?? "").split(",").map((t) => t.trim());
      current = {
        headword: head[1]!.trim(),
        ipa: head[2] ?? null,
        pos: tags[0] || null,
        gender: tags.includes("fem") ? "f" : tags.includes("masc") ? "m" : null,
        senses: [],
      };
      if (!current.headword.startsWith("00-")) entries.push(current);
      continue;
    }
    if (current) current.senses.push(line.replace(/^\s*\d+\.\s*/, "").trim());
  }
  return entries;
}

export function readFreeDict(file: string): FreeDictEntry[] {
  return parseFreeDict(execFileSync("zcat", [file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
}
