import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, hydrated, launchBrowser, signUpNewLearner, watchConsole } from "./browser";

let browser: Browser;
let page: Page;
let consoleErrors: () => string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ timezoneId: "Europe/Paris" })).newPage();
  consoleErrors = watchConsole(page);
  await signUpNewLearner(page, "Explorer");
});
afterAll(async () => {
  await browser?.close();
});

describe("the library lists other modules' practice", () => {
  it("opens a French conversation from the library and lands on the tutor with it chosen", async () => {
    // The tutor needs a level first.
    await page.goto(appUrl("/learn"));
    await hydrated(page);
    await page.getByRole("button", { name: "Start learning" }).click();
    await page.getByRole("link", { name: "Talk with the tutor" }).waitFor();

    await page.goto(appUrl("/library"));
    await hydrated(page);
    await page
      .getByRole("navigation", { name: "Content type" })
      .getByRole("link", { name: "French conversations" })
      .click();
    await page.waitForURL(appUrl("/library?type=scenario"));
    await expect.poll(() => page.getByTestId("result-count").textContent()).toBe("6 items");
    await page.getByTestId("library-items").getByRole("link", { name: "At the market" }).click();
    await page.waitForURL(/\/library\/[0-9a-f-]{36}$/);
    await hydrated(page);
    const itemId = page.url().split("/").at(-1)!;
    const body = (await page.getByTestId("item-body").textContent())!;
    expect(body).toMatch(/Role: The tutor plays a stall holder at a Saturday market\./);
    expect(body).toMatch(/Goal: Buy fruit and vegetables for a dinner for four\./);

    // "Start conversation" is a click on the item, logged like any other, and opens the tutor on this scene.
    const click = page.waitForRequest(
      (r) =>
        r.url().endsWith("/api/events") &&
        r.method() === "POST" &&
        (JSON.parse(r.postData() ?? "[]") as { content_id: string; event_type: string }[]).some(
          (e) => e.content_id === itemId && e.event_type === "click",
        ),
      { timeout: 15_000 },
    );
    await page.getByRole("link", { name: "Start conversation" }).click();
    await page.waitForURL(appUrl("/learn/tutor?scenario=market"));
    await hydrated(page);
    await click;
    expect(await page.getByRole("radio", { name: /At the market/ }).isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: /Ordering at a café/ }).isChecked()).toBe(false);
    await page.getByRole("button", { name: "Start" }).click();
    await page.waitForURL(/\/learn\/tutor\/[0-9a-f-]{36}$/);
    await hydrated(page);
    await expect
      .poll(() => page.getByTestId("chat-log").locator('[data-role="tutor"]').first().textContent())
      .toMatch(/Elles sont belles, mes tomates/);
    expect(consoleErrors()).toEqual([]);
  });

  it("reads a story another writer shared in the library", async () => {
    const writer = await (await browser.newContext()).newPage();
    const writerErrors = watchConsole(writer);
    await signUpNewLearner(writer, "Writer");
    await writer.goto(appUrl("/stories"));
    await hydrated(writer);
    const opening = "The old lighthouse keeper had a secret garden on the roof.";
    await writer.getByLabel("How your story begins").fill(opening);
    await writer.getByText("Options", { exact: true }).click();
    await writer.getByLabel("Length (tokens)").fill("60");
    await writer.getByLabel("Seed (optional)").fill("5");
    await writer.getByRole("button", { name: "Write the story" }).click();
    await expect.poll(() => writer.getByTestId("story-stats").count(), { timeout: 30_000 }).toBe(1);
    const text = (await writer.getByTestId("story-text").textContent())!;
    expect(text.startsWith(opening)).toBe(true);
    // Sharing saves the story too.
    // The box follows the server: it shows checked once the story is shared.
    await writer.getByLabel("Share in the library").click();
    await expect.poll(() => writer.getByLabel("Share in the library").isChecked()).toBe(true);
    await expect
      .poll(() => writer.getByRole("status").filter({ hasText: "Saved in your library" }).count())
      .toBe(1);
    await expect.poll(() => writer.getByText(/Other readers can read this story/).count()).toBe(1);
    expect(writerErrors()).toEqual([]);

    await page.goto(appUrl("/library?type=story"));
    await hydrated(page);
    const title = "The old lighthouse keeper had a secret garden on the roof";
    await page.getByTestId("library-items").getByRole("link", { name: title }).click();
    await page.waitForURL(/\/library\/[0-9a-f-]{36}$/);
    await hydrated(page);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    expect((await page.getByTestId("story-text").textContent())!.trim()).toBe(text.trim());
    // The reader has no way into the writer's own copy.
    expect(await page.getByRole("link", { name: "Open it in Stories" }).count()).toBe(0);
    await page.getByRole("button", { name: "Like" }).click();
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toBe("Liked: more like this in your feed.");
    expect(consoleErrors()).toEqual([]);
  });
});
