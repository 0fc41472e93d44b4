import { describe, expect, it } from "vitest";
import { historyFacts, recentLoads, type PastSession } from "./history-facts.ts";

const at = (iso: string, type: PastSession["type"], durationMin = 60, intensity = 8): PastSession => ({
  startedAt: new Date(iso),
  type,
  durationMin,
  intensity,
});

describe("history facts", () => {
  it("counts consecutive hard days up to today in the climber's zone", () => {
    const now = new Date("2026-11-20T09:00:00Z");
    const sessions = [
      at("2026-11-19T18:00:00Z", "limit_bouldering"),
      at("2026-11-18T18:00:00Z", "hangboard"),
      at("2026-11-17T18:00:00Z", "power_endurance"),
      at("2026-11-15T18:00:00Z", "limit_bouldering"),
    ];
    expect(historyFacts(sessions, now, "UTC", null).consecutive_hard_days).toBe(3);
    // An easy session breaks the run.
    expect(
      historyFacts([...sessions.slice(0, 2), at("2026-11-17T18:00:00Z", "technique")], now, "UTC", null)
        .consecutive_hard_days,
    ).toBe(2);
    // 23:30 UTC on the 16th is the 17th in Tokyo: the run is counted in local days.
    const tokyo = [at("2026-11-19T02:00:00Z", "limit_bouldering"), at("2026-11-17T23:30:00Z", "hangboard")];
    expect(
      historyFacts(tokyo, new Date("2026-11-20T01:00:00Z"), "Asia/Tokyo", null).consecutive_hard_days,
    ).toBe(2);
    expect(historyFacts(tokyo, new Date("2026-11-20T01:00:00Z"), "UTC", null).consecutive_hard_days).toBe(1);
  });

  it("counts today's hard session, and none when yesterday was easy", () => {
    const now = new Date("2026-11-20T20:00:00Z");
    expect(
      historyFacts([at("2026-11-20T17:00:00Z", "hangboard")], now, "UTC", null).consecutive_hard_days,
    ).toBe(1);
    expect(historyFacts([at("2026-11-19T17:00:00Z", "volume")], now, "UTC", null).consecutive_hard_days).toBe(
      0,
    );
  });

  it("computes 7-day counts, days since the last session and the acute:chronic load ratio", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    const sessions = [
      at("2026-11-27T10:00:00Z", "limit_bouldering", 90, 9), // 810
      at("2026-11-24T10:00:00Z", "volume", 60, 5), // 300
      at("2026-11-10T10:00:00Z", "volume", 60, 5), // 300, within 28 days
      at("2026-10-01T10:00:00Z", "volume", 60, 5), // outside 28 days
      at("2026-11-26T10:00:00Z", "rest", 0, 1), // rest days are not sessions
    ];
    const facts = historyFacts(sessions, now, "UTC", { activeFingerInjury: true, experienceYears: 4 });
    expect(facts).toEqual({
      consecutive_hard_days: 1,
      hard_sessions_last_7_days: 1,
      sessions_last_7_days: 2,
      days_since_last_session: 1,
      acute_chronic_load_ratio: Math.round((1110 / (1410 / 4)) * 100) / 100,
      active_finger_injury: 1,
      experience_years: 4,
    });
    expect(recentLoads(sessions, now, "UTC")).toEqual({ last7: 1110, last28: 1410 });
  });

  it("leaves out what cannot be known without history", () => {
    expect(historyFacts([], new Date(), "UTC", null)).toEqual({
      consecutive_hard_days: 0,
      hard_sessions_last_7_days: 0,
      sessions_last_7_days: 0,
    });
  });

  it("has no acute:chronic ratio before four weeks of history (a first week is not a spike)", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    const firstWeeks = [at("2026-11-27T10:00:00Z", "volume"), at("2026-11-12T10:00:00Z", "volume")];
    expect(historyFacts(firstWeeks, now, "UTC", null).acute_chronic_load_ratio).toBeUndefined();
    const fourWeeks = [...firstWeeks, at("2026-11-01T10:00:00Z", "volume")];
    expect(historyFacts(fourWeeks, now, "UTC", null).acute_chronic_load_ratio).toBe(1.33);
  });
});
