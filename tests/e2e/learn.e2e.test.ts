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
  await signUpNewLearner(page, "Learner");
});
afterAll(async () => {
  await browser?.close();
});

const progress = () => page.getByTestId("progress-text").textContent();

describe("French vocabulary review", () => {
  it("picks a level, reviews with the keyboard, undoes, types an answer with a missing accent, sees a summary", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "French" }).click();
    await page.waitForURL(appUrl("/learn"));
    await hydrated(page);
    await expect.poll(() => page.getByLabel("Time zone").inputValue()).toBe("Europe/Paris");
    await page.getByLabel("New words per day").fill("3");
    await page.getByRole("button", { name: "Start learning" }).click();
    await page.getByRole("link", { name: "Review 3 cards" }).click();
    await page.waitForURL(appUrl("/learn/review"));
    await hydrated(page);

    // The most frequent word first; Space reveals, and each rating button shows its interval.
    expect(await page.getByTestId("prompt").textContent()).toBe("de");
    await page.keyboard.press("Space");
    expect(await page.getByTestId("solution").textContent()).toMatch(/of/);
    expect(await page.getByRole("button", { name: /Again \(1\)/ }).textContent()).toContain("1m");
    await page.keyboard.press("3");
    await expect.poll(progress).toBe("1 of 3 reviewed");

    // Undo brings the word back.
    await page.keyboard.press("u");
    await expect.poll(progress).toBe("0 of 3 reviewed");
    expect(await page.getByTestId("prompt").textContent()).toBe("de");

    // Easy on all three graduates them at once: the queue empties into a summary.
    for (let i = 1; i <= 3; i++) {
      await page.keyboard.press("Space");
      await page.keyboard.press("4");
      await expect.poll(progress).toBe(`${i} of 3 reviewed`);
    }
    await page.getByRole("region", { name: "Session summary" }).waitFor();
    expect(await page.getByTestId("summary").textContent()).toMatch(/3 reviews .* recalled 100%/);
    await screenshot(page, "learn-summary");

    // Typed answers, English to French, with a bigger daily allowance of new words.
    await page.getByRole("link", { name: "Back to French" }).click();
    await page.getByLabel("New words per day").fill("30");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").waitFor();
    const link = page.getByRole("link", { name: /Review \d+ cards/ });
    // 30 a day, 3 already introduced today: 27 left.
    expect(await link.textContent()).toBe("Review 27 cards");
    await link.click();
    await page.getByRole("button", { name: "Flip cards" }).click();
    await page.getByRole("button", { name: "French → English" }).click();
    // Go through the cards until "être" comes up, answering the others right.
    for (let i = 0; i < 27; i++) {
      const english = await page.getByTestId("prompt").textContent();
      if (english === "be") break;
      await page.getByRole("button", { name: /Check/ }).click();
      await page.keyboard.press("3");
      await expect.poll(progress).toBe(`${i + 1} of 27 reviewed`);
    }
    await page.getByLabel("Your answer in French").fill("etre");
    await page.keyboard.press("Enter");
    expect(await page.getByTestId("verdict").textContent()).toBe("Mind the accent: ê (être)");
    await screenshot(page, "learn-typed-accent");
    expect(consoleErrors()).toEqual([]);
  });
});
