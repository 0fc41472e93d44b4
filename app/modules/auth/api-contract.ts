import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { apiTokenSchema, createdTokenSchema, createTokenSchema, publicUserSchema } from "./schemas.ts";

export const tokenIdParams = z.object({ id: z.uuid() });

export const authEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/me",
    summary: "The authenticated user",
    tag: "account",
    auth: "user",
    responses: {
      200: {
        description: "The caller",
        schema: z.object({ user: publicUserSchema, authenticatedBy: z.enum(["session", "token"]) }),
      },
    },
  },
  {
    method: "get",
    path: "/api/tokens",
    summary: "List my active API tokens",
    tag: "account",
    auth: "user",
    responses: {
      200: {
        description: "Active tokens (never their secrets)",
        schema: z.object({ tokens: z.array(apiTokenSchema) }),
      },
    },
  },
  {
    method: "post",
    path: "/api/tokens",
    summary: "Create an API token",
    description: "The secret is in the response once and never again. Rate limited per user.",
    tag: "account",
    auth: "user",
    body: createTokenSchema,
    responses: {
      201: { description: "Created", schema: createdTokenSchema },
      409: { description: "Too many active tokens" },
      429: { description: "Too many tokens created recently" },
    },
  },
  {
    method: "delete",
    path: "/api/tokens/{id}",
    summary: "Revoke an API token",
    tag: "account",
    auth: "user",
    params: tokenIdParams,
    responses: { 204: { description: "Revoked" }, 404: { description: "No such active token of yours" } },
  },
]);
