import { describe, expect, it } from "vitest";
import { routeLabel } from "./http-middleware.server";

describe("routeLabel", () => {
  it("collapses ids so metric labels stay bounded", () => {
    expect(routeLabel("/api/tokens/3f2b6c1e-1d2a-4b7e-9a0b-1234567890ab")).toBe("/api/tokens/:id");
    expect(routeLabel("/api/items/42")).toBe("/api/items/:id");
    expect(routeLabel("/assets/root-abc.js")).toBe("/assets/*");
    expect(routeLabel("/account")).toBe("/account");
  });
});
