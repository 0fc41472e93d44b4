import { z } from "zod";
import { problemBody } from "./api.server.ts";
import { APP_VERSION } from "./health.server.ts";

/**
 * The OpenAPI 3.1 document is generated from the same zod schemas the routes parse with. Each module
 * declares its endpoints in `app/modules/<module>/api-contract.ts`; `app/lib/api-endpoints.server.ts` lists
 * the contracts. A route and its documentation cannot drift apart because they share one schema object.
 */
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface EndpointSpec {
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/tokens/{id}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: "none" | "user" | "admin" | "metrics";
  body?: z.ZodType;
  /** The body may be left out altogether (documented as not required). */
  bodyOptional?: boolean;
  query?: z.ZodObject;
  params?: z.ZodObject;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

export function defineEndpoints(specs: EndpointSpec[]): EndpointSpec[] {
  return specs;
}

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ example: problemBody(400, { errors: [{ path: "name", message: "Name is required" }] }) });

const STANDARD_ERRORS: Record<number, string> = {
  400: "Invalid input: every bad field is named in `errors`",
  401: "Not signed in, or the token is invalid, expired or revoked",
  403: "Signed in but not allowed",
  413: "Body over the size limit",
  415: "Body is not application/json",
  429: "Rate limited; see Retry-After",
};

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
}

function parametersFor(spec: EndpointSpec) {
  const out: object[] = [];
  for (const [where, schema] of [
    ["path", spec.params],
    ["query", spec.query],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      out.push({
        name,
        in: where,
        required: where === "path" || !fieldSchema.safeParse(undefined).success,
        schema: jsonSchema(fieldSchema, "input"),
        ...(fieldSchema.description ? { description: fieldSchema.description } : {}),
      });
    }
  }
  return out;
}

export function buildOpenApiDocument(specs: EndpointSpec[], serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema
          ? { content: { [r.contentType ?? "application/json"]: { schema: jsonSchema(r.schema, "output") } } }
          : {}),
      };
    }
    const errorStatuses = [
      ...(spec.body || spec.query ? [400] : []),
      ...(spec.auth !== "none" ? [401] : []),
      ...(spec.auth === "admin" ? [403] : []),
      ...(spec.body ? [413, 415] : []),
    ];
    for (const status of errorStatuses) {
      responses[String(status)] ??= {
        description: STANDARD_ERRORS[status],
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    }
    (paths[spec.path] ??= {})[spec.method] = {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      operationId: `${spec.method}${spec.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      security:
        spec.auth === "none"
          ? []
          : spec.auth === "metrics"
            ? [{ bearer: [] }]
            : [{ bearer: [] }, { cookie: [] }],
      parameters: parametersFor(spec),
      ...(spec.body
        ? {
            requestBody: {
              required: !spec.bodyOptional,
              content: { "application/json": { schema: jsonSchema(spec.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Praxis API",
      version: APP_VERSION,
      description:
        "JSON API of Praxis. Authenticate with the session cookie (browser) or `Authorization: Bearer <token>` " +
        "(create tokens on /account). Errors are RFC 9457 problem details.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A personal API token (prx_...)" },
        cookie: { type: "apiKey", in: "cookie", name: "praxis_session" },
      },
    },
  };
}
