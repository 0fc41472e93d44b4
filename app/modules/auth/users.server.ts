import { randomBytes } from "node:crypto";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { users, type User, type UserRole } from "../../../db/schema/index.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.server.ts";
import type { SignupInput } from "./schemas.ts";

export type PublicUser = Pick<User, "id" | "email" | "displayName" | "role" | "createdAt">;

export function toPublicUser(user: User | PublicUser): PublicUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    createdAt: user.createdAt,
  };
}

export function serializeUser(user: PublicUser) {
  return { ...toPublicUser(user), createdAt: user.createdAt.toISOString() };
}

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email already exists");
  }
}

export async function createUser(input: SignupInput, role: UserRole = "learner"): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  const [row] = await db()
    .insert(users)
    .values({ email: input.email, displayName: input.displayName, passwordHash, role })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!row) throw new EmailTakenError();
  return toPublicUser(row);
}

/**
 * Accounts for simulated people (sample data, demo cohorts) in bulk: one hash of a random password nobody
 * knows, so they exist for data but can never log in. Idempotent on email; returns every account asked for.
 */
export async function createSimulatedUsers(
  entries: readonly { email: string; displayName: string }[],
): Promise<PublicUser[]> {
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const out: PublicUser[] = [];
  for (let i = 0; i < entries.length; i += 1_000) {
    const chunk = entries.slice(i, i + 1_000);
    await db()
      .insert(users)
      .values(chunk.map((e) => ({ email: e.email.toLowerCase(), displayName: e.displayName, passwordHash })))
      .onConflictDoNothing({ target: users.email });
    const rows = await db()
      .select()
      .from(users)
      .where(
        inArray(
          users.email,
          chunk.map((e) => e.email.toLowerCase()),
        ),
      );
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    for (const e of chunk) out.push(toPublicUser(byEmail.get(e.email.toLowerCase())!));
  }
  return out;
}

/** Checks credentials in constant-ish time whether or not the email exists. */
export async function authenticate(email: string, password: string): Promise<PublicUser | null> {
  const [row] = await db().select().from(users).where(eq(users.email, email)).limit(1);
  const ok = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), password);
  return row && ok ? toPublicUser(row) : null;
}

export async function getUserById(id: string): Promise<PublicUser | null> {
  const [row] = await db().select().from(users).where(eq(users.id, id)).limit(1);
  return row ? toPublicUser(row) : null;
}

export interface UserWithSessions extends PublicUser {
  activeSessions: number;
}

export async function listUsers(): Promise<UserWithSessions[]> {
  const rows = await db()
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      createdAt: users.createdAt,
      // Drizzle drops table qualifiers inside a correlated subquery, so this one is written out in SQL.
      activeSessions: sql<number>`(select count(*)::int from sessions s where s.user_id = users.id and s.expires_at > now())`,
    })
    .from(users)
    .orderBy(asc(users.createdAt));
  return rows;
}

export class LastAdminError extends Error {
  constructor() {
    super("The last admin cannot be demoted");
  }
}

/** Changes a role; refuses to demote the last admin so the instance never locks itself out. */
export async function setUserRole(userId: string, role: UserRole): Promise<PublicUser | null> {
  return db().transaction(async (tx) => {
    // Serialise role changes so two concurrent demotions cannot both see "another admin exists".
    await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
    if (role === "learner") {
      const [admins] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, "admin"), sql`${users.id} <> ${userId}`));
      if ((admins?.n ?? 0) === 0) throw new LastAdminError();
    }
    const [row] = await tx
      .update(users)
      .set({ role, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    return row ? toPublicUser(row) : null;
  });
}

/**
 * Makes sure the admin named by ADMIN_EMAIL exists and is an admin. An existing account is promoted but
 * keeps its password: the env password only seeds a new account.
 */
export async function ensureAdmin(
  email: string,
  password: string,
): Promise<"created" | "promoted" | "present"> {
  const normalized = email.trim().toLowerCase();
  const [row] = await db().select().from(users).where(eq(users.email, normalized)).limit(1);
  if (!row) {
    await createUser({ email: normalized, displayName: "Administrator", password }, "admin");
    return "created";
  }
  if (row.role === "admin") return "present";
  await db().update(users).set({ role: "admin", updatedAt: new Date() }).where(eq(users.id, row.id));
  return "promoted";
}

export async function countUsers(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/** Every admin's id, for notices meant for whoever runs the instance (finished training runs). */
export async function adminIds(): Promise<string[]> {
  const rows = await db().select({ id: users.id }).from(users).where(eq(users.role, "admin"));
  return rows.map((r) => r.id);
}
