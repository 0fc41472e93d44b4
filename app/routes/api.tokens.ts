import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseJsonBody, problem } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { hitRateLimit } from "~/lib/rate-limit.server";
import {
  createApiToken,
  listApiTokens,
  serializeToken,
  TooManyTokensError,
} from "~/modules/auth/api-tokens.server";
import { createTokenSchema } from "~/modules/auth/schemas";

const TOKENS_PER_HOUR = 20;

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return json({ tokens: (await listApiTokens(user.id)).map(serializeToken) });
});

export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const user = await requireUser(request);
  const input = await parseJsonBody(request, createTokenSchema);
  const limit = await hitRateLimit(`tokens:create:${user.id}`, TOKENS_PER_HOUR, 3600);
  if (!limit.allowed) {
    return problem(429, {
      detail: `At most ${TOKENS_PER_HOUR} tokens per hour`,
      headers: { "Retry-After": String(limit.retryAfter) },
    });
  }
  try {
    const token = await createApiToken(user.id, input);
    return json({ ...serializeToken(token), token: token.token }, { status: 201 });
  } catch (error) {
    if (error instanceof TooManyTokensError) return problem(409, { detail: error.message });
    throw error;
  }
});
