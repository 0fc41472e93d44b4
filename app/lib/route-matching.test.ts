import fs from "node:fs";
import { createRequire } from "node:module";
import type * as RouterModule from "@remix-run/router";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// The CommonJS build is what the server loads (through @remix-run/node and @remix-run/express).
const router = require("@remix-run/router") as typeof RouterModule;

describe("route matching (patches/@remix-run+router, ADR 016)", () => {
  it("is patched: npm install's postinstall applied the cache", () => {
    expect(fs.readFileSync(require.resolve("@remix-run/router"), "utf8")).toContain("Praxis patch");
  });

  it("still matches exactly as before, repeatedly, with params and ranking", () => {
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "sessions", path: "api/v1/sessions" },
          { id: "session", path: "api/v1/sessions/:id" },
          { id: "messages", path: "api/v1/sessions/:id/messages" },
          { id: "splat", path: "*" },
        ],
      },
    ];
    for (let i = 0; i < 3; i++) {
      const ids = (p: string) => router.matchRoutes(routes, p)?.map((m) => m.route.id);
      expect(ids("/api/v1/sessions")).toEqual(["root", "sessions"]);
      expect(ids("/api/v1/sessions/abc/messages")).toEqual(["root", "messages"]);
      expect(router.matchRoutes(routes, "/api/v1/sessions/xyz")![1]!.params).toEqual({ id: "xyz" });
      expect(ids("/elsewhere")).toEqual(["root", "splat"]);
    }
    expect(router.matchPath({ path: "/a/:b", end: false }, "/a/1/c")?.params).toEqual({ b: "1" });
    expect(router.matchPath("/a/:b", "/a/1/c")).toBeNull();
  });
});
