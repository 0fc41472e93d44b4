import { describe, expect, it } from "vitest";
import { localClock } from "./local-clock";

describe("localClock", () => {
  it("gives the local day and hour across a date line and at midnight", () => {
    const at = new Date("2026-11-23T23:30:00Z");
    expect(localClock(at, "UTC")).toEqual({ day: "2026-11-23", hour: 23 });
    expect(localClock(at, "Europe/Paris")).toEqual({ day: "2026-11-24", hour: 0 });
    expect(localClock(at, "America/Los_Angeles")).toEqual({ day: "2026-11-23", hour: 15 });
  });
});
