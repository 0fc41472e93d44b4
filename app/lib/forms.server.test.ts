import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, safeRedirect } from "./forms.server";

describe("safeRedirect", () => {
  it("keeps same-site paths and refuses everything else", () => {
    expect(safeRedirect("/account?tab=1")).toBe("/account?tab=1");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
  });
});

describe("parseForm", () => {
  const schema = z.object({ displayName: z.string().min(1), email: z.string() });
  const post = (fields: Record<string, string>) =>
    new Request("http://x/", { method: "POST", body: new URLSearchParams(fields) });

  it("refuses NUL in any field as that field's error, before the schema", async () => {
    const result = await parseForm(post({ displayName: "A\u0000B", email: "a@b.c" }), schema);
    expect(result).toMatchObject({
      ok: false,
      errors: { displayName: ["must not contain the NUL character"] },
    });
    expect(await parseForm(post({ displayName: "Ann", email: "a@b.c" }), schema)).toMatchObject({ ok: true });
  });
});
