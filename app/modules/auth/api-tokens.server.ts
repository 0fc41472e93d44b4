import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { db, perDatabase } from "../../../db/client.ts";
import { apiTokens, users } from "../../../db/schema/index.ts";
import { isServiceUnavailable } from "../../lib/api.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { newSecret, sha256 } from "./tokens.server.ts";
import { toPublicUser, type PublicUser } from "./users.server.ts";

export const TOKEN_PREFIX = "prx_";
const MAX_ACTIVE_TOKENS = 50;
const LAST_USED_RESOLUTION_MS = 60_000;

export interface TokenView {
  id: string;
  name: string;
  tokenPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

export function serializeToken(t: TokenView) {
  return {
    id: t.id,
    name: t.name,
    tokenPrefix: t.tokenPrefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
  };
}

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  tokenPrefix: apiTokens.tokenPrefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
};

const active = (now: Date) =>
  and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)));

export class TooManyTokensError extends Error {
  constructor() {
    super(`At most ${MAX_ACTIVE_TOKENS} active tokens per account; revoke one first`);
  }
}

/** Creates a token and returns it with its secret, which is never retrievable again. */
export async function createApiToken(
  userId: string,
  input: { name: string; expiresInDays?: number | undefined },
): Promise<TokenView & { token: string }> {
  const token = newSecret(TOKEN_PREFIX);
  return db().transaction(async (tx) => {
    const existing = await tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), active(new Date())))
      .for("update");
    if (existing.length >= MAX_ACTIVE_TOKENS) throw new TooManyTokensError();
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId,
        name: input.name,
        tokenHash: sha256(token),
        tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      })
      .returning(columns);
    if (!row) throw new Error("token insert returned no row");
    return { ...row, token };
  });
}

export async function listApiTokens(userId: string): Promise<TokenView[]> {
  return db()
    .select(columns)
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), active(new Date())))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(userId: string, tokenId: string): Promise<boolean> {
  const rows = await db()
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

// Every API request runs this query: prepared once per pool, so drizzle does not rebuild the SQL each time.
const tokenLookup = perDatabase((database) =>
  database
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder("hash")),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    )
    .limit(1)
    .prepare("api_token_lookup"),
);

/** Resolves a bearer token to its user; null when unknown, revoked or expired. */
export async function authenticateApiToken(token: string): Promise<PublicUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = new Date();
  const [row] = await tokenLookup().execute({ hash: sha256(token) });
  if (!row) return null;
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Best effort: a read must not fail because this bookkeeping cannot be written (a read-only database).
    await db()
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(eq(apiTokens.id, row.token.id))
      .catch((error: unknown) => {
        if (!isServiceUnavailable(error)) throw error;
        logger().warn({ err: error }, "could not record the token's last use");
      });
  }
  return toPublicUser(row.user);
}
