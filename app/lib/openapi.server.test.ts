import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiEndpoints } from "./api-endpoints.server";
import { buildOpenApiDocument } from "./openapi.server";

const routesDir = path.resolve(import.meta.dirname, "../routes");

/** Maps a Remix flat-route file name to the OpenAPI path it serves (api.tokens.$id.ts -> /api/tokens/{id}). */
function pathOfRoute(file: string): string {
  const base = file.replace(/\.(ts|tsx)$/, "");
  const segments = base
    .split(/\.(?![^[]*\])/)
    .map((s) => s.replace(/^\$(.+)$/, "{$1}").replace(/\[(.+)\]/, "$1"));
  return `/${segments.join("/")}`;
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument(apiEndpoints);

  it("is OpenAPI 3.1 with a problem schema", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.Problem).toMatchObject({ type: "object" });
  });

  it("documents every API resource route", () => {
    const files = fs
      .readdirSync(routesDir)
      .filter(
        (f) => f.startsWith("api.") && f.endsWith(".ts") && f !== "api.$.ts" && !f.startsWith("api.openapi"),
      );
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(Object.keys(doc.paths), file).toContain(pathOfRoute(file));
  });

  it("derives request bodies from the zod schemas routes parse with", () => {
    const post = (
      doc.paths["/api/tokens"] as Record<
        string,
        {
          requestBody: {
            content: Record<string, { schema: { required: string[]; additionalProperties: boolean } }>;
          };
        }
      >
    ).post!;
    const schema = post.requestBody.content["application/json"]!.schema;
    expect(schema.required).toContain("name");
    expect(schema.additionalProperties).toBe(false);
  });
});
