import { describe, expect, it } from "vitest";
import { boulderToV, indexToRoute, routeToIndex, vToBoulder } from "./grades.ts";

describe("grade conversion", () => {
  it("converts boulder grades between V and Font both ways", () => {
    expect(boulderToV("v", "V5")).toBe(5);
    expect(boulderToV("v", "v10")).toBe(10);
    expect(boulderToV("font", "7a")).toBe(6);
    expect(boulderToV("font", "6B")).toBe(4);
    expect(vToBoulder("font", 8)).toBe("7B+");
    expect(vToBoulder("v", 17)).toBe("V17");
    for (let v = 0; v <= 17; v++) expect(boulderToV("font", vToBoulder("font", v))).toBe(v);
  });

  it("converts route grades between French, YDS and UIAA", () => {
    const sevenA = routeToIndex("french", "7a")!;
    expect(indexToRoute("yds", sevenA)).toBe("5.11d");
    expect(indexToRoute("uiaa", sevenA)).toBe("VIII");
    expect(routeToIndex("yds", "5.12a")).toBe(routeToIndex("french", "7a+"));
    expect(routeToIndex("uiaa", "ix-")).toBe(routeToIndex("french", "7b"));
  });

  it("refuses what is not a grade of the scale", () => {
    expect(boulderToV("v", "V18")).toBeNull();
    expect(boulderToV("v", "5.10a")).toBeNull();
    expect(boulderToV("font", "V3")).toBeNull();
    expect(routeToIndex("french", "5.10a")).toBeNull();
    expect(routeToIndex("yds", "7a")).toBeNull();
  });
});
