import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, hydrated, launchBrowser, screenshot, signUpNewLearner, watchConsole } from "./browser";

let browser: Browser;
let page: Page;
let consoleErrors: () => string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  consoleErrors = watchConsole(page);
  await signUpNewLearner(page, "Packer");
});
afterAll(async () => {
  await browser?.close();
});

async function snippetText(page: Page): Promise<string> {
  const zone = page.getByTestId("typing-zone");
  return (await zone.locator("p[aria-hidden]").innerText()).replace(/\u00a0/g, " ");
}

async function openPack(page: Page, title: string) {
  await page
    .getByRole("navigation", { name: "Lesson packs" })
    .getByRole("link", { name: new RegExp(`^${title}`) })
    .click();
  await page
    .getByTestId("typing-focus")
    .filter({ hasText: `${title} pack: drills` })
    .waitFor();
  await hydrated(page);
}

describe("typing lesson packs", () => {
  it("opens the home-row pack and types one of its snippets", async () => {
    await page.goto(appUrl("/typing"));
    await hydrated(page);
    await openPack(page, "Home row");
    expect(page.url()).toBe(appUrl("/typing?pack=home-row"));
    expect(await page.getByTestId("typing-focus").textContent()).toBe(
      "Home row pack: drills a s d f g h j k l ; '",
    );
    expect(await page.getByTestId("snippet-reason").textContent()).toMatch(/^Home row: \d+% of its keys/);

    const text = await snippetText(page);
    await page.getByLabel("Type the text shown. Escape restarts.").focus();
    for (const c of text) {
      await page.waitForTimeout(30);
      await page.keyboard.type(c);
    }
    await page.getByRole("heading", { name: "Snippet done" }).waitFor();
    expect(await page.getByTestId("result-errors").textContent()).toBe("0");
    await expect.poll(() => page.getByTestId("save-state").textContent()).toBe("Saved to your progress.");
    await screenshot(page, "typing-pack-home-row");
  });

  it("types a French-accent snippet, accents arriving as inserted text, each counted once", async () => {
    await openPack(page, "French accents");
    const text = await snippetText(page);
    expect(text).toMatch(/[éèêàçùâîôœ]/);
    await page.getByLabel("Type the text shown. Escape restarts.").focus();
    // keyboard.type sends US-keyboard characters as key presses and é, à, ç … as insertText (no keydown):
    // the zone must take both, once each.
    await page.keyboard.type(text, { delay: 40 });
    await page.getByRole("heading", { name: "Snippet done" }).waitFor();
    expect(await page.getByTestId("result-errors").textContent()).toBe("0");
    expect(await page.getByTestId("result-accuracy").textContent()).toBe("100%");
    await expect.poll(() => page.getByTestId("save-state").textContent()).toBe("Saved to your progress.");
    await screenshot(page, "typing-pack-french");

    // A wrong accent is a miss, and Backspace corrects it like any key.
    await page.keyboard.press("Enter");
    const second = await snippetText(page);
    await page.getByLabel("Type the text shown. Escape restarts.").focus();
    await page.keyboard.type(second[0] === "è" ? "é" : "è");
    await page.keyboard.press("Backspace");
    await page.keyboard.type(second, { delay: 30 });
    await page.getByRole("heading", { name: "Snippet done" }).waitFor();
    expect(await page.getByTestId("result-errors").textContent()).toBe("1");
    await expect.poll(() => page.getByTestId("save-state").textContent()).toBe("Saved to your progress.");
    expect(consoleErrors()).toEqual([]);
  });

  it("sends someone with no French words to /learn from the French drill", async () => {
    await page
      .getByRole("navigation", { name: "Lesson packs" })
      .getByRole("link", { name: "Your French words" })
      .click();
    await page.getByTestId("french-drill-empty").waitFor();
    await page.getByRole("link", { name: "Start learning French" }).click();
    await page.waitForURL(appUrl("/learn"));
  });
});
