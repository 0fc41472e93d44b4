import { describe, expect, it } from "vitest";
import { streaks } from "./streaks";

describe("streaks", () => {
  it("counts consecutive practice days back from today", () => {
    expect(streaks(["2026-11-20", "2026-11-21", "2026-11-22"], "2026-11-22")).toEqual({
      current: 3,
      longest: 3,
      practicedToday: true,
    });
  });

  it("keeps yesterday's streak alive until today is over", () => {
    expect(streaks(["2026-11-20", "2026-11-21"], "2026-11-22")).toMatchObject({
      current: 2,
      practicedToday: false,
    });
    expect(streaks(["2026-11-19", "2026-11-20"], "2026-11-22")).toMatchObject({ current: 0, longest: 2 });
  });

  it("finds the longest run across gaps, months and duplicates", () => {
    const days = [
      "2026-01-30",
      "2026-01-31",
      "2026-02-01",
      "2026-02-02",
      "2026-02-10",
      "2026-02-10",
      "2026-02-11",
    ];
    expect(streaks(days, "2026-02-11")).toEqual({ current: 2, longest: 4, practicedToday: true });
    expect(streaks([], "2026-02-11")).toEqual({ current: 0, longest: 0, practicedToday: false });
  });
});
