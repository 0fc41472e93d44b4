import { describe, expect, it } from "vitest";
import { qualitySeries, weeklyLoad } from "./history-charts.ts";

const s = (
  iso: string,
  quality: number | null,
  durationMin = 60,
  intensity = 5,
  predicted: number | null = null,
) => ({
  startedAt: new Date(iso),
  quality,
  durationMin,
  intensity,
  type: "volume",
  predicted,
});

describe("history charts", () => {
  it("buckets load into Monday–Sunday weeks in the climber's zone, empty weeks included", () => {
    const now = new Date("2026-11-20T12:00:00Z"); // a Friday
    const weeks = weeklyLoad(
      [
        s("2026-11-17T18:00:00Z", 7), // Tue this week: 300
        s("2026-11-16T00:30:00Z", 6, 30, 4), // Mon 01:30 in Paris (Sun 00:30 UTC is not): 120
        s("2026-11-09T10:00:00Z", 8, 90, 8), // last week: 720
      ],
      "Europe/Paris",
      now,
      3,
    );
    expect(weeks).toEqual([
      { week: "Nov 2", load: 0, sessions: 0 },
      { week: "Nov 9", load: 720, sessions: 1 },
      { week: "Nov 16", load: 420, sessions: 2 },
    ]);
  });

  it("lists rated sessions oldest first with the prediction made at plan time", () => {
    expect(
      qualitySeries(
        [
          s("2026-11-17T18:00:00Z", 7, 60, 5, 6.4),
          s("2026-11-10T18:00:00Z", null),
          s("2026-11-03T18:00:00Z", 5),
        ],
        "UTC",
      ),
    ).toEqual([
      { date: "Nov 3", quality: 5, predicted: null },
      { date: "Nov 17", quality: 7, predicted: 6.4 },
    ]);
  });
});
