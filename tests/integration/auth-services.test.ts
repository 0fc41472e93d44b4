import { describe, expect, it } from "vitest";
import {
  authenticateApiToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from "../../app/modules/auth/api-tokens.server";
import { createSession, getSessionUser, revokeAllSessions } from "../../app/modules/auth/sessions.server";
import {
  authenticate,
  createUser,
  EmailTakenError,
  ensureAdmin,
  LastAdminError,
  setUserRole,
} from "../../app/modules/auth/users.server";
import { hitRateLimit, peekRateLimit } from "../../app/lib/rate-limit.server";

const input = (email: string) => ({ email, displayName: "U", password: "a-long-password" });

describe("users", () => {
  it("refuses a duplicate email", async () => {
    await createUser(input("dup@example.test"));
    await expect(createUser(input("dup@example.test"))).rejects.toBeInstanceOf(EmailTakenError);
  });

  it("authenticates only with the right password", async () => {
    await createUser(input("auth@example.test"));
    expect(await authenticate("auth@example.test", "a-long-password")).toMatchObject({
      email: "auth@example.test",
    });
    expect(await authenticate("auth@example.test", "wrong")).toBeNull();
    expect(await authenticate("nobody@example.test", "a-long-password")).toBeNull();
  });

  it("creates the first admin from env once, and never demotes the last admin", async () => {
    expect(await ensureAdmin("Boss@Example.test", "admin-password")).toBe("created");
    expect(await ensureAdmin("boss@example.test", "admin-password")).toBe("present");
    const boss = (await authenticate("boss@example.test", "admin-password"))!;
    expect(boss.role).toBe("admin");
    await expect(setUserRole(boss.id, "learner")).rejects.toBeInstanceOf(LastAdminError);
    const other = await createUser(input("second@example.test"));
    await setUserRole(other.id, "admin");
    expect((await setUserRole(boss.id, "learner"))!.role).toBe("learner");
  });
});

describe("sessions", () => {
  it("resolves a live session and forgets a revoked one", async () => {
    const user = await createUser(input("sess@example.test"));
    const a = await createSession(user.id, 30);
    const b = await createSession(user.id, 30);
    expect((await getSessionUser(a, 30))!.user.id).toBe(user.id);
    const keep = (await getSessionUser(b, 30))!.sessionId;
    expect(await revokeAllSessions(user.id, keep)).toBe(1);
    expect(await getSessionUser(a, 30)).toBeNull();
    expect(await getSessionUser(b, 30)).not.toBeNull();
  });
});

describe("api tokens", () => {
  it("authenticates until revoked", async () => {
    const user = await createUser(input("tok@example.test"));
    const created = await createApiToken(user.id, { name: "t" });
    expect((await authenticateApiToken(created.token))!.id).toBe(user.id);
    expect((await listApiTokens(user.id)).map((t) => t.id)).toEqual([created.id]);
    expect(await revokeApiToken(user.id, created.id)).toBe(true);
    expect(await authenticateApiToken(created.token)).toBeNull();
    expect(await revokeApiToken(user.id, created.id)).toBe(false);
  });
});

describe("rate limits in Postgres", () => {
  it("allows up to the limit within a window, then refuses with a retry time", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit("k:test", 3, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfter).toBeGreaterThan(0);
    expect(results[3]!.retryAfter).toBeLessThanOrEqual(60);
    expect((await peekRateLimit("k:test", 3, 60)).allowed).toBe(false);
    expect((await peekRateLimit("k:other", 3, 60)).allowed).toBe(true);
  });
});
