import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appUrl,
  hydrated,
  launchBrowser,
  screenshot,
  signUpNewLearner,
  typeCurrentSnippet,
  watchConsole,
} from "./browser";

let browser: Browser;
let page: Page;
let consoleErrors: () => string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  consoleErrors = watchConsole(page);
  await signUpNewLearner(page, "Typist");
});
afterAll(async () => {
  await browser?.close();
});

describe("typing practice", () => {
  it("types a session of snippets with live stats, results, a summary and saved telemetry", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Typing" }).click();
    await page.waitForURL(appUrl("/typing"));
    await hydrated(page);
    await expect
      .poll(() => page.getByTestId("snippet-reason").textContent())
      .toBe("A starting point at a comfortable level");

    for (let i = 0; i < 5; i++) {
      await typeCurrentSnippet(page, { mistake: true, slowKey: "e" });
      await page.getByRole("heading", { name: "Snippet done" }).waitFor();
      expect(Number(await page.getByTestId("result-wpm").textContent())).toBeGreaterThan(0);
      expect(await page.getByTestId("result-errors").textContent()).toBe("1");
      await expect.poll(() => page.getByTestId("save-state").textContent()).toBe("Saved to your progress.");
      if (i === 0) await screenshot(page, "typing-result");
      // The next button has focus: Enter continues (keyboard-only).
      await page.keyboard.press("Enter");
    }
    await page.getByRole("heading", { name: "Session summary" }).waitFor();
    await page.getByTestId("snippet-chart").locator("svg").first().waitFor();
    await screenshot(page, "typing-summary");

    await page.getByRole("link", { name: "See progress" }).click();
    await page.waitForURL(appUrl("/typing/stats"));
    await hydrated(page);
    await page.getByTestId("session-chart").locator("svg").first().waitFor();
    await page.getByRole("list", { name: "Keyboard heatmap" }).waitFor();
    expect(await page.getByRole("listitem", { name: /^e: \d+ ms/ }).count()).toBe(1);
    await screenshot(page, "typing-stats");

    // After enrichment the next snippets are picked from this typist's data: no longer the cold start. (Which
    // ranker serves depends on whether the admin test in another file activated a model.)
    await expect
      .poll(
        async () => (await (await page.request.get(appUrl("/api/snippets/next?mode=words"))).json()).policy,
        { timeout: 15_000 },
      )
      .toMatch(/^(heuristic|model)$/);
    expect(consoleErrors()).toEqual([]);
  });
});
