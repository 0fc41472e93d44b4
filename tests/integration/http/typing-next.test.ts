import { afterAll, describe, expect, it } from "vitest";
import { call, closeServerDb, createToken, serverDb, signup } from "../../support/http";
import { waitFor } from "../../support/wait";

afterAll(closeServerDb);

describe("GET /api/snippets/next", () => {
  it("starts cold, then drills the keys the typist is slow on", async () => {
    const { cookie } = await signup();
    const token = await createToken(cookie);
    const userId = ((await (await call("/api/me", { token })).json()) as { user: { id: string } }).user.id;

    const cold = await (await call("/api/snippets/next?mode=words&count=5", { token })).json();
    expect(cold.policy).toBe("cold-start");
    expect(cold.snippets).toHaveLength(5);
    expect(cold.snippets[0].reason).toBe("A starting point at a comfortable level");

    // Type three snippets rich in "z", slow on z (900 ms) and quick on everything else (150 ms).
    const session = (await (await call("/api/typing/sessions", { token, json: { mode: "words" } })).json())
      .session.id;
    const sql = await serverDb();
    const zSnippets =
      await sql`select id, text from snippets where source like '%with "z"%' order by content_hash limit 3`;
    const rawIds: string[] = [];
    for (const [position, s] of zSnippets.entries()) {
      let t = 0;
      const keystrokes = [...(s.text as string)].map((c) => ({
        key: c,
        expected: c,
        t: (t += c === "z" ? 900 : 150),
        correct: true,
      }));
      const response = await call("/api/telemetry/snippet", {
        token,
        json: {
          snippet: {
            snippet_id: s.id,
            session_id: session,
            wpm: 45,
            accuracy: 1,
            position,
            difficulty: 5,
            started_at: "2026-11-21T09:00:00Z",
            completed_at: "2026-11-21T09:00:30Z",
          },
          user_state: { user_id: userId },
          keystrokes,
        },
      });
      expect(response.status).toBe(201);
      rawIds.push((await response.json()).raw_id);
    }
    await waitFor(
      "enrichment",
      async () =>
        (
          await sql`select count(*)::int as n from telemetry_snippet_raw where id = any(${rawIds}) and enriched_at is not null`
        )[0]!.n === 3,
    );

    const warm = await (await call("/api/snippets/next?mode=words&count=5", { token })).json();
    expect(warm.policy).toBe("heuristic");
    expect(warm.focus[0].key).toBe("z");
    const drilled = warm.snippets.filter((s: { drills: string[] }) => s.drills.includes("z"));
    // Each slot explores at random with probability 0.1 (seeded by the clock): "at least 3 of 5" failed about
    // once in a hundred runs (a fresh-clone CI run hit it); at least 2 of 5 fails about once in 2,000.
    expect(drilled.length).toBeGreaterThanOrEqual(2);
    expect(drilled[0].reason).toContain("slow keys: z");
    // Never the snippets just typed.
    const typed = new Set(zSnippets.map((s) => s.id));
    expect(warm.snippets.some((s: { id: string }) => typed.has(s.id))).toBe(false);
  });

  it("validates the query", async () => {
    const { cookie } = await signup();
    const token = await createToken(cookie);
    const response = await call("/api/snippets/next?mode=poems&count=500", { token });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["count", "mode"]);
  });
});
