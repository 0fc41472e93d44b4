import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appUrl,
  hydrated,
  launchBrowser,
  logIn,
  screenshot,
  signUpNewLearner,
  watchConsole,
} from "./browser";
import { E2E_ADMIN } from "./global-setup";

let browser: Browser;
let page: Page;
let consoleErrors: () => string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  consoleErrors = watchConsole(page);
  await signUpNewLearner(page, "Belle");
});
afterAll(async () => {
  await browser?.close();
});

/** The learner's own API calls, made from the page (same origin, their session cookie). */
function earnAchievementAndRead(): Promise<void> {
  return page.evaluate(async () => {
    const post = async (path: string, body: unknown, method = "POST") => {
      const r = await fetch(path, {
        method,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return r.json();
    };
    // A first tutor session (the offline tutor) unlocks "First conversation".
    await post("/api/v1/learn/profile", { cefr_level: "A1", timezone: "UTC" }, "PUT");
    const { session } = (await post("/api/v1/sessions", {})) as { session: { id: string } };
    await post(`/api/v1/sessions/${session.id}/messages`, { content: "Bonjour !" });
    await post(`/api/v1/sessions/${session.id}/complete`, {});
    // One library item opened: an active reader, with the rest of their feed still new to them.
    const { user } = (await (await fetch("/api/me")).json()) as { user: { id: string } };
    const feed = (await (await fetch(`/api/recommend/${user.id}?k=1`)).json()) as {
      items: { content_id: string }[];
    };
    await post("/api/events", {
      user_id: user.id,
      content_id: feed.items[0]!.content_id,
      event_type: "click",
      ts: new Date().toISOString(),
    });
  });
}

const bell = () => page.getByRole("link", { name: /^Notifications/ });

describe("the notification centre", () => {
  it("shows the unread count in the header, lists notifications, and marks one and then all read", async () => {
    expect(await bell().getAttribute("aria-label")).toBe("Notifications");
    await earnAchievementAndRead();

    // An admin runs the daily new-picks job now from the jobs page.
    const admin = await (await browser.newContext()).newPage();
    await logIn(admin, E2E_ADMIN);
    await admin.goto(appUrl("/admin/jobs"));
    await hydrated(admin);
    await admin
      .getByRole("row")
      .filter({ hasText: "notifications.new-picks" })
      .getByRole("button", { name: "Run now" })
      .click();
    await admin.getByRole("status").filter({ hasText: "Queued notifications.new-picks" }).waitFor();
    await admin.close();

    // The achievement and the new picks: the header counts both once the job has run.
    await expect
      .poll(
        async () => {
          await page.goto(appUrl("/"));
          return bell().getAttribute("aria-label");
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toBe("Notifications, 2 unread");
    await hydrated(page);
    expect(await page.getByTestId("unread-badge").textContent()).toBe("2");

    await bell().click();
    await page.waitForURL(appUrl("/notifications"));
    const items = page.getByTestId("notification");
    // The URL changes before the page's data has arrived (client-side navigation): wait for the list.
    await expect.poll(() => items.count()).toBe(2);
    const texts = await items.allTextContents();
    expect(texts.some((t) => /New picks.*\d+ new picks for you/.test(t))).toBe(true);
    expect(texts.some((t) => /Achievement.*Achievement unlocked: First conversation/.test(t))).toBe(true);
    expect(await page.locator('[data-testid="notification"][data-unread="true"]').count()).toBe(2);
    await screenshot(page, "notifications");

    // Mark the achievement read: the count drops, it stays listed (read), the filter hides it.
    await items
      .filter({ hasText: "First conversation" })
      .getByRole("button", { name: /^Mark read/ })
      .click();
    await expect.poll(() => bell().getAttribute("aria-label")).toBe("Notifications, 1 unread");
    expect(await page.getByTestId("unread-summary").textContent()).toBe("1 unread.");
    expect(await items.filter({ hasText: "First conversation" }).getAttribute("data-unread")).toBe("false");
    await page.getByRole("navigation", { name: "Show" }).getByRole("link", { name: "Unread" }).click();
    await page.waitForURL(appUrl("/notifications?unread=true"));
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toMatch(/new picks for you/);

    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect.poll(() => bell().getAttribute("aria-label")).toBe("Notifications");
    expect(await page.getByText("You are all caught up.").count()).toBe(1);
    expect(await page.getByTestId("unread-badge").count()).toBe(0);

    // The link leads where the notification is about.
    await page.getByRole("navigation", { name: "Show" }).getByRole("link", { name: "All" }).click();
    await page.waitForURL(appUrl("/notifications"));
    await items.filter({ hasText: "First conversation" }).getByRole("link", { name: /^Open/ }).click();
    await page.waitForURL(appUrl("/learn/achievements"));
    expect(consoleErrors()).toEqual([]);
  });
});
