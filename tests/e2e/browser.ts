import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

/** Debian's Chromium, headless, with the flags this sandboxed machine needs. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error("Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)");
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

export const appUrl = (p = "/") => `${inject("e2eUrl")}${p}`;

/**
 * Collects console errors (a CSP violation, a hydration error, a 5xx). A 4xx the app answers on purpose
 * (a form with invalid fields is a 400) is the app working, so those are left out.
 */
export function watchConsole(page: Page): () => string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return () => errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve(import.meta.dirname, "artifacts");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Waits until React has hydrated the page (root.tsx marks <html data-hydrated>). After a full page load the
 * server-rendered markup is visible before its event handlers exist; a key pressed then is lost.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Signs a fresh learner up in `page` and waits on the home page. */
export async function signUpNewLearner(page: Page, name: string): Promise<void> {
  await page.goto(appUrl("/signup"));
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`);
  await page.getByLabel("Password").fill("learning-password-1");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL(appUrl("/"));
  await hydrated(page);
}

/** Logs `who` in through the form and waits on the home page. */
export async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(appUrl("/login"));
  await hydrated(page);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(appUrl("/"));
  await hydrated(page);
}

/**
 * Types the snippet shown in the typing zone at a human pace (telemetry over 400 WPM is refused as not
 * human). `mistake`: one wrong key, corrected, first; `slowKey`: typed after a longer pause.
 */
export async function typeCurrentSnippet(
  page: Page,
  options: { mistake?: boolean; slowKey?: string } = {},
): Promise<string> {
  const zone = page.getByTestId("typing-zone");
  const text = (await zone.locator("p[aria-hidden]").innerText()).replace(/\u00a0/g, " ");
  await page.getByLabel("Type the text shown. Escape restarts.").focus();
  if (options.mistake) {
    await page.keyboard.press(text[0] === "x" ? "y" : "x");
    await page.keyboard.press("Backspace");
  }
  for (const c of text) {
    await page.waitForTimeout(options.slowKey && c === options.slowKey ? 400 : 35);
    await page.keyboard.type(c);
  }
  return text;
}
