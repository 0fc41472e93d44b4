import { afterAll, describe, expect, it } from "vitest";
import {
  call,
  closeServerDb,
  form,
  login,
  randomIp,
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
  it("creates the account, signs in with a hardened cookie and stores only a password hash", async () => {
    const email = uniqueEmail();
    const response = await call("/signup", {
      body: form({ email, displayName: "Ada", password: "a-long-password" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(302);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("praxis_session="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
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
  it("logs in, rotates the session (no fixation), and logs out server-side", async () => {
    const { email, password, cookie: first } = await signup();
    const response = await login(email, password, { cookie: first });
    expect(response.status).toBe(302);
    const second = sessionCookieOf(response)!;
    expect(second).not.toBe(first);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);

    const logout = await call("/logout", { method: "POST", cookie: second });
    expect(logout.status).toBe(302);
    expect(logout.headers.getSetCookie().join()).toMatch(/praxis_session=;/);
    // The old cookie is dead on the server, not just cleared in the browser.
    expect((await me(second)).status).toBe(401);
  });

  it("rate limits the 6th wrong password in a minute with 429 and Retry-After", async () => {
    const { email, password } = await signup();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await login(email, "wrong-password!", { ip: randomIp() })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const sixth = await login(email, "wrong-password!", { ip: randomIp() });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    // While limited, even the right password is not checked, and no session is created.
    const right = await login(email, password, { ip: randomIp() });
    expect(right.status).toBe(429);
    expect(sessionCookieOf(right)).toBeNull();
  });

  it("rate limits per IP across accounts", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await login(uniqueEmail("nobody"), "whatever-123", { ip })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
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

describe("cross-site requests", () => {
  it("refuses a cookie-authenticated POST from another origin and writes nothing", async () => {
    const { cookie } = await signup();
    const evil = await call("/api/tokens", {
      cookie,
      json: { name: "csrf" },
      origin: "https://evil.example",
    });
    expect(evil.status).toBe(403);
    expect((await evil.json()).title).toBe("Cross-site request refused");
    const noOrigin = await call("/account", {
      cookie,
      body: form({ intent: "logout-everywhere" }),
      origin: null,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(noOrigin.status).toBe(403);
    // Login CSRF: a foreign page posting our login form is refused even without a cookie.
    const { email, password } = await signup();
    const foreignLogin = await login(email, password, { origin: "https://evil.example" });
    expect(foreignLogin.status).toBe(403);
    expect(sessionCookieOf(foreignLogin)).toBeNull();
    const list = await (await call("/api/tokens", { cookie })).json();
    expect(list.tokens).toHaveLength(0);
    expect((await me(cookie)).status).toBe(200);
  });
});
