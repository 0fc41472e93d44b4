import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, hydrated, launchBrowser, logIn, signUpNewLearner, watchConsole } from "./browser";
import { E2E_ADMIN } from "./global-setup";

let browser: Browser;
let page: Page;
let consoleErrors: () => string[];
let catalogSize = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  consoleErrors = watchConsole(page);
  await signUpNewLearner(page, "Reader");
});
afterAll(async () => {
  await browser?.close();
});

describe("the library", () => {
  it("browses, filters and searches the catalog, logging impressions", async () => {
    const impressions = page.waitForRequest(
      (r) =>
        r.url().endsWith("/api/events") &&
        r.method() === "POST" &&
        (r.postData() ?? "").includes('"impression"'),
      { timeout: 15_000 },
    );
    await page.goto(appUrl("/library"));
    await hydrated(page);
    // The 120-item sample catalog, and other modules' practice listed beside it (typing packs, drills, …).
    const everything = (await page.getByTestId("result-count").textContent())!;
    catalogSize = Number(/^(\d+) items/.exec(everything)?.[1]);
    expect(catalogSize).toBeGreaterThan(120);
    // A new reader with no history: the feed is what is popular, and says so.
    expect(await page.getByTestId("for-you").getByTestId("reason").allTextContents()).toContain(
      "Popular with everyone",
    );
    await page
      .getByRole("navigation", { name: "Content type" })
      .getByRole("link", { name: "Quizzes" })
      .click();
    await expect.poll(() => page.getByTestId("result-count").textContent()).not.toBe(everything);
    await page.getByRole("link", { name: "Everything" }).click();
    await page.getByLabel("Search the library").fill("binary search");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/for “binary search”/);
    // Every hit mentions both words (full-text search over title and description).
    const cards = await page.getByTestId("library-items").locator("li").allTextContents();
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(card).toMatch(/binary[\s\S]*search|search[\s\S]*binary/i);
    // Press hide to flush: the batch goes out with keepalive.
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    const request = await impressions;
    const events = JSON.parse(request.postData()!) as { event_type: string; client_event_id: string }[];
    expect(events.some((e) => e.event_type === "impression" && e.client_event_id)).toBe(true);
  });

  it("takes a quiz whose answers are marked and recorded", async () => {
    await page.goto(appUrl("/library?type=quiz"));
    await hydrated(page);
    await page.getByTestId("library-items").getByRole("link").first().click();
    await page.waitForURL(/\/library\/[0-9a-f-]{36}$/);
    await hydrated(page);
    const quiz = page.getByTestId("quiz");
    const groups = quiz.locator("fieldset");
    const n = await groups.count();
    expect(n).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < n; i++) await groups.nth(i).getByRole("radio").first().check();
    await page.getByRole("button", { name: "Check my answers" }).click();
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toMatch(new RegExp(`^\\d of ${n} right\\.$`));
    expect(await quiz.getByText("✓ right answer").count()).toBe(n);
  });

  it("reads an article and marks it done", async () => {
    await page.goto(appUrl("/library?type=article"));
    await hydrated(page);
    await page.getByTestId("library-items").getByRole("link").first().click();
    await page.waitForURL(/\/library\/[0-9a-f-]{36}$/);
    await hydrated(page);
    expect((await page.getByTestId("article-body").textContent())!.length).toBeGreaterThan(80);
    const title = (await page.getByRole("heading", { level: 1 }).textContent())!;
    await page.getByRole("button", { name: "Mark as done" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Marked as done.");
    // The feed now leaves the article out and recommends from its topic, saying why.
    await page.getByRole("link", { name: "← Library" }).click();
    await page.waitForURL(appUrl("/library"));
    await hydrated(page);
    const feed = page.getByTestId("for-you");
    expect(await feed.getByRole("link").allTextContents()).not.toContain(title);
    expect(await feed.getByTestId("reason").allTextContents()).toContain(`Because you finished “${title}”`);
    expect(consoleErrors()).toEqual([]);
  });

  it("an admin trains the recommender from the admin page, and the reader's feed then comes from it", async () => {
    const admin = await (await browser.newContext()).newPage();
    const adminErrors = watchConsole(admin);
    await logIn(admin, E2E_ADMIN);
    await admin.goto(appUrl("/admin/recs"));
    await hydrated(admin);
    expect(await admin.getByTestId("recs-serving").textContent()).toMatch(/Serving: baseline/);
    await admin.getByRole("button", { name: "Train now" }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toMatch(/Training queued/);
    // The page follows the job by itself until the new version shows as active (demo data: 300 readers).
    await expect
      .poll(() => admin.getByTestId("recs-serving").textContent(), { timeout: 90_000, interval: 1_000 })
      .toMatch(new RegExp(`Serving: two-tower v1 from an exact index of ${catalogSize} items`));
    const version = admin
      .getByRole("table", { name: /Recommender versions/ })
      .getByRole("row")
      .filter({ hasText: "v1" });
    expect(await version.textContent()).toMatch(/active.*beats the baseline/);
    expect(await admin.getByTestId("recs-job").first().textContent()).toMatch(/recs\.train · completed/);
    await admin.getByRole("button", { name: "Reindex now" }).click();
    await expect
      .poll(() => admin.getByTestId("recs-job").first().textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`recs\\.reindex · completed · exact index of ${catalogSize} items`));
    expect(adminErrors()).toEqual([]);

    await page.goto(appUrl("/library"));
    await hydrated(page);
    expect(await page.getByTestId("feed-model").textContent()).toMatch(
      /trained recommender \(two-tower v1\)/,
    );
    expect(await page.getByTestId("for-you").getByTestId("reason").count()).toBeGreaterThan(0);
    expect(consoleErrors()).toEqual([]);
  }, 150_000); // waits on a real training job (its poll allows 90 s; the default 60 s cut it off once in CI)
});
