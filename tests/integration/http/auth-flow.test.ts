import { afterAll, describe, expect, it } from "vitest";
import {
  call,
  closeServerDb,
  form,
  login,
  serverDb,
  sessionCookieOf,
  signup,
  uniqueEmail,
} from "../../support/http";

afterAll(closeServerDb);

async function me(cookie: string) {
  return call("/api/me", { cookie });
}

describe("signup", () => {
  // Cookie flags, session fixation, cross-site refusals and the login limits: security.test.ts.
  it("creates the account, signs in and stores only a password hash", async () => {
    const email = uniqueEmail();
    const response = await call("/signup", {
      body: form({ email, displayName: "Ada", password: "a-long-password" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(302);
    const body = await (await me(sessionCookieOf(response)!)).json();
    expect(body.user).toMatchObject({ email, displayName: "Ada", role: "learner" });
    const sql = await serverDb();
    const [row] = await sql`select password_hash from users where email = ${email}`;
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("shows inline errors for each bad field and writes nothing", async () => {
    const email = `bad-${Date.now()}`;
    const response = await call("/signup", {
      body: form({ email, displayName: "", password: "short" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain("Name is required");
    expect(html).toContain("Use at least 10 characters");
    const sql = await serverDb();
    expect(await sql`select 1 from users where email = ${email}`).toHaveLength(0);
  });

  it("refuses a taken email with 409", async () => {
    const { email } = await signup();
    const response = await call("/signup", {
      body: form({ email: email.toUpperCase(), displayName: "Again", password: "another-password" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("already exists");
  });
});

describe("login and logout", () => {
  it("logs in with the right password and not with a wrong one", async () => {
    const { email, password } = await signup();
    const wrong = await login(email, "not-the-password");
    expect(wrong.status).toBe(401);
    expect(sessionCookieOf(wrong)).toBeNull();
    const right = await login(email, password);
    expect(right.status).toBe(302);
    expect((await me(sessionCookieOf(right)!)).status).toBe(200);
  });

  it("logs out everywhere from the account page", async () => {
    const { email, password, cookie: a } = await signup();
    const b = sessionCookieOf(await login(email, password))!;
    const response = await call("/account", {
      body: form({ intent: "logout-everywhere" }),
      cookie: b,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(302);
    expect((await me(a)).status).toBe(401);
    expect((await me(b)).status).toBe(401);
  });
});
