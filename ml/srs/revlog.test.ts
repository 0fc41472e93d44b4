import { describe, expect, it } from "vitest";
import { cardHistories, dayIndex, timeCutoff, utcOffsetMinutes } from "./revlog";

const paris = { timeZone: "Europe/Paris", nextDayStartsAt: 4 };

describe("review days", () => {
  it("counts days in the learner's zone, starting at the day-start hour", () => {
    const evening = Date.parse("2026-03-10T22:00:00Z"); // 23:00 in Paris
    const nextMorning = Date.parse("2026-03-11T08:00:00Z"); // 09:00
    const smallHours = Date.parse("2026-03-11T01:30:00Z"); // 02:30, before 04:00: still the 10th
    expect(dayIndex(nextMorning, paris) - dayIndex(evening, paris)).toBe(1);
    expect(dayIndex(smallHours, paris)).toBe(dayIndex(evening, paris));
    // In UTC with the day starting at midnight, 22:00 and 01:30 are different days.
    const utc = { timeZone: "UTC", nextDayStartsAt: 0 };
    expect(dayIndex(smallHours, utc) - dayIndex(evening, utc)).toBe(1);
  });

  it("follows daylight saving time", () => {
    expect(utcOffsetMinutes(Date.parse("2026-01-15T12:00:00Z"), "Europe/Paris")).toBe(60);
    expect(utcOffsetMinutes(Date.parse("2026-07-15T12:00:00Z"), "Europe/Paris")).toBe(120);
    expect(utcOffsetMinutes(Date.parse("2026-07-15T12:00:00Z"), "America/St_Johns")).toBe(-150);
  });

  it("groups a log into cards in time order with day gaps", () => {
    const t = (iso: string) => Date.parse(iso);
    const histories = cardHistories(
      [
        { cardId: "b", time: t("2026-03-12T09:00:00Z"), rating: 3 },
        { cardId: "a", time: t("2026-03-10T09:00:00Z"), rating: 1 },
        { cardId: "a", time: t("2026-03-10T09:10:00Z"), rating: 3 },
        { cardId: "a", time: t("2026-03-13T09:00:00Z"), rating: 4 },
      ],
      paris,
    );
    expect(histories.map((h) => h.cardId)).toEqual(["b", "a"]);
    expect(histories[1]!.reviews.map((r) => [r.rating, r.deltaT])).toEqual([
      [1, 0],
      [3, 0],
      [4, 3],
    ]);
    // Half of four reviews train: the cutoff is the third review in time, the first one held out.
    expect(timeCutoff(histories, 0.5)).toBe(t("2026-03-12T09:00:00Z"));
  });
});
