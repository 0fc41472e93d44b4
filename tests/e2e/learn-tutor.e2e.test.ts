import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, hydrated, launchBrowser, screenshot, signUpNewLearner, watchConsole } from "./browser";

let browser: Browser;
let page: Page;
let consoleErrors: () => string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ timezoneId: "Europe/Paris" })).newPage();
  consoleErrors = watchConsole(page);
  await signUpNewLearner(page, "Talker");
});
afterAll(async () => {
  await browser?.close();
});

const bubbles = (role: string) => page.getByTestId("chat-log").locator(`[data-role="${role}"]`);

describe("the French tutor, offline (no AI key on the test server)", () => {
  it("holds a drill conversation with streamed replies, corrections, XP and a summary", async () => {
    await page.goto(appUrl("/learn"));
    await hydrated(page);
    await page.getByRole("button", { name: "Start learning" }).click();
    await page.getByRole("link", { name: "Talk with the tutor" }).click();
    await page.waitForURL(appUrl("/learn/tutor"));
    expect(await page.getByTestId("tutor-mode").textContent()).toMatch(/Offline tutor/);
    await page.getByRole("button", { name: "Start" }).click();
    await page.waitForURL(/\/learn\/tutor\/[0-9a-f-]{36}$/);
    await hydrated(page);
    await expect.poll(() => page.getByTestId("connection").textContent()).toBe("Live");
    // The café scene opens, then the first drill: today's first word.
    expect(await bubbles("tutor").first().textContent()).toMatch(
      /Qu'est-ce que je vous sers \?\s*Comment dit-on « from » en français \?/,
    );

    const box = page.getByLabel("Your message in French");
    await box.fill("de");
    await box.press("Enter");
    // The first turn builds the grammar checker's lexicon on the server (about a second).
    await expect.poll(() => bubbles("tutor").count(), { timeout: 15_000 }).toBe(2);
    expect(await bubbles("tutor").nth(1).textContent()).toMatch(/^Très bien !/);
    expect(await page.getByTestId("session-xp").textContent()).toBe("10 XP · 1 turn");
    expect(await page.getByTestId("corrections").textContent()).toMatch(/No mistakes found/);

    await box.fill("Le homme mange une pomme.");
    await box.press("Enter");
    await expect.poll(() => bubbles("tutor").count(), { timeout: 15_000 }).toBe(3);
    expect(await bubbles("learner").nth(1).locator("mark").textContent()).toBe("Le homme");
    expect(await page.getByTestId("corrections").textContent()).toMatch(/Le homme → L'homme/);
    await screenshot(page, "learn-tutor");

    await page.getByRole("button", { name: "Finish session" }).click();
    await page.getByRole("region", { name: "Session summary" }).waitFor();
    expect(await page.getByTestId("session-summary").textContent()).toMatch(/2 turns .* 1 correction/);
    expect(await page.getByLabel("Your message in French").count()).toBe(0);
    expect(await page.getByTestId("unlocked").textContent()).toMatch(
      /Achievement unlocked: First conversation/,
    );

    // The achievements page: the unlock with its date, the streak the turns started, progress elsewhere.
    await page.getByRole("link", { name: "See all" }).click();
    await page.waitForURL(appUrl("/learn/achievements"));
    expect(await page.getByTestId("achievement-session-1").textContent()).toMatch(/Unlocked/);
    expect(await page.getByTestId("achievement-session-10").textContent()).toMatch(/1 \/ 10/);
    expect(await page.getByText("1 day", { exact: true }).count()).toBe(1);
    await screenshot(page, "learn-achievements");

    // The dashboard draws the same day: XP on today's heatmap cell, the mistake in the table.
    await page.goto(appUrl("/learn/dashboard"));
    await hydrated(page);
    expect(await page.getByTestId("summary").textContent()).toMatch(/XP total31/);
    expect(
      Number(await page.getByTestId("heatmap").locator("[data-xp]").last().getAttribute("data-xp")),
    ).toBe(31);
    expect(await page.getByTestId("mistakes").textContent()).toMatch(/le hommel'hommeelision1/);
    await page
      .getByTestId("xp-chart")
      .locator(".recharts-bar-rectangle")
      .first()
      .waitFor({ state: "attached" });
    await screenshot(page, "learn-dashboard");
    expect(consoleErrors()).toEqual([]);
  });
});
