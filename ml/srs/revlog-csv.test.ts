import { describe, expect, it } from "vitest";
import { parseRevlogCsv, revlogCsv } from "./revlog-csv";

describe("revlog CSV", () => {
  it("reads Anki-style rows, skips manual entries and reports bad rows by line", () => {
    const csv = [
      "card_id,review_time,review_rating,review_state,review_duration",
      "1001,1767603600000,3,0,5400",
      "1001,2026-01-08T09:00:00Z,1,2,8000",
      "1002,1767603600000,0,4,0",
      "1003,yesterday,3,,",
      "1004,1767603600000,5,,",
      ",1767603600000,2,,",
      "1005,1767603600000,4",
    ].join("\n");
    const parsed = parseRevlogCsv(csv);
    expect(parsed.entries).toEqual([
      { cardId: "1001", time: 1767603600000, rating: 3 },
      { cardId: "1001", time: Date.parse("2026-01-08T09:00:00Z"), rating: 1 },
      { cardId: "1005", time: 1767603600000, rating: 4 },
    ]);
    expect(parsed.skipped).toBe(1);
    expect(parsed.problems).toEqual([
      { line: 5, message: expect.stringMatching(/review_time/) },
      { line: 6, message: expect.stringMatching(/review_rating/) },
      { line: 7, message: expect.stringMatching(/card_id/) },
    ]);
  });

  it("writes what it reads", () => {
    const entries = [
      { cardId: "a", time: 1767603600000, rating: 2 as const },
      { cardId: "b", time: 1767603660000, rating: 4 as const },
    ];
    expect(parseRevlogCsv(revlogCsv(entries)).entries).toEqual(entries);
  });
});
