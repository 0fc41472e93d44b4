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
  await signUpNewLearner(page, "Planner");
});
afterAll(async () => {
  await browser?.close();
});

const plan = () => page.getByRole("list", { name: "Your plan for today" });
const planItem = (module: string) => plan().locator(`[data-testid="plan-item"][data-module="${module}"]`);

describe("the Today plan", () => {
  it("shows a new person one plan across modules, follows a goal, and moves what they finish to done", async () => {
    await page.goto(appUrl("/"));
    await hydrated(page);
    await page.getByRole("heading", { name: "Today" }).waitFor();
    for (const module of ["learn", "typing", "climb", "stories"]) await planItem(module).waitFor();
    await expect.poll(() => planItem("learn").getByRole("heading").textContent()).toBe("Start French");
    expect(await planItem("typing").getByRole("list", { name: "Why it is here" }).count()).toBe(1);
    await screenshot(page, "today-new-person");

    // A typing goal lifts typing to the top of the plan, with the goal as its reason.
    const goals = page.getByRole("form", { name: "Daily goals" });
    await goals.getByLabel("Typing").fill("10");
    await goals.getByRole("button", { name: "Save goals" }).click();
    await page.getByText("Goals saved; the plan follows them.").waitFor();
    await expect
      .poll(() => plan().locator('[data-testid="plan-item"]').first().getAttribute("data-module"))
      .toBe("typing");
    await expect
      .poll(() => planItem("typing").textContent())
      .toContain("Your goal: 10 min of Typing a day (0 done today)");

    // One click starts it; after a snippet the plan shows typing as done today.
    await planItem("typing").getByRole("link").click();
    await page.waitForURL((url) => url.pathname === "/typing");
    await hydrated(page);
    await typeCurrentSnippet(page);
    await page.getByRole("heading", { name: "Snippet done" }).waitFor();
    await expect.poll(() => page.getByTestId("save-state").textContent()).toBe("Saved to your progress.");

    const doneToday = page.getByRole("list", { name: "Done today" });
    await expect
      .poll(
        async () => {
          await page.goto(appUrl("/"));
          return (await doneToday.count()) ? doneToday.locator('[data-module="typing"]').count() : 0;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    expect(await planItem("typing").count()).toBe(0);
    await page
      .getByRole("list", { name: "Recent activity" })
      .getByText(/^Typed 1 snippet/)
      .waitFor();
    await screenshot(page, "today-after-typing");
    expect(consoleErrors()).toEqual([]);
  });

  it("takes a learner's French words from the plan into a story that shows which words it used", async () => {
    const origin = new URL(appUrl("/")).origin;
    const api = (path: string, method: "put" | "post", data: unknown) =>
      page.request[method](appUrl(path), { data, headers: { Origin: origin } });
    expect((await api("/api/v1/learn/profile", "put", { cefr_level: "A1" })).status()).toBe(200);
    const queue = (await (await page.request.get(appUrl("/api/v1/progress/queue?limit=3"))).json()) as {
      items: { word_id: number; french: string }[];
    };
    for (const item of queue.items)
      expect(
        (await api("/api/v1/progress/review", "post", { word_id: item.word_id, rating: 2 })).status(),
      ).toBe(201);

    await page.goto(appUrl("/"));
    await hydrated(page);
    await expect
      .poll(() => planItem("stories").getByRole("heading").textContent())
      .toBe("Read a story with your French words");
    await planItem("stories").getByRole("link", { name: "Write it" }).click();
    await page.waitForURL((url) => url.pathname === "/stories" && url.search === "?words=due");
    await hydrated(page);
    const panel = page.getByTestId("word-story");
    for (const item of queue.items) await panel.getByText(item.french, { exact: true }).waitFor();
    expect(await page.getByLabel("How your story begins").inputValue()).toMatch(/^Once upon a time/);
    await page.getByRole("button", { name: "Write the story" }).click();
    const used = page.getByTestId("words-used");
    await used.waitFor({ timeout: 60_000 });
    expect(await used.textContent()).toMatch(
      new RegExp(`Your words in this story: \\d of ${queue.items.length}`),
    );
    await screenshot(page, "today-word-story");
    expect(consoleErrors()).toEqual([]);
  });
});
