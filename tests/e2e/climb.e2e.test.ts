import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_ADMIN } from "./global-setup";
import {
  appUrl,
  hydrated,
  launchBrowser,
  logIn,
  screenshot,
  signUpNewLearner,
  watchConsole,
} from "./browser";

let browser: Browser;
let page: Page;
let consoleErrors: () => string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ timezoneId: "Europe/Paris" })).newPage();
  consoleErrors = watchConsole(page);
  await signUpNewLearner(page, "Climber");
});
afterAll(async () => {
  await browser?.close();
});

async function fillReadiness(values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label).fill(value);
}

describe("the climbing coach", () => {
  it("saves a baseline with a grade converter", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Climbing" }).click();
    await page.waitForURL(appUrl("/climb"));
    await hydrated(page);
    expect(await page.getByTestId("phase-banner").textContent()).toMatch(
      /Cold start.*0 of 10 rated sessions/,
    );
    await page.getByRole("link", { name: "Fill in your baseline" }).click();
    await page.waitForURL(appUrl("/climb/profile"));
    await hydrated(page);
    await expect.poll(() => page.getByLabel("Time zone").inputValue()).toBe("Europe/Paris");
    await page.getByLabel("Years climbing").fill("4");
    await page.getByLabel("Boulder scale").selectOption("font");
    await page.getByLabel("Hardest boulder").selectOption("7A");
    expect(await page.getByTestId("boulder-equivalent").textContent()).toBe("= V6 / Font 7A");
    // Switching scale converts the chosen grade.
    await page.getByLabel("Boulder scale").selectOption("v");
    expect(await page.getByLabel("Hardest boulder").inputValue()).toBe("V6");
    await page.getByLabel("Route scale").selectOption("yds");
    await page.getByLabel("Hardest route").selectOption("5.11d");
    expect(await page.getByTestId("route-equivalent").textContent()).toBe(
      "= French 7a / YDS 5.11d / UIAA VIII",
    );
    await page.getByLabel("Minutes per session").fill("100");
    await page.getByRole("button", { name: "Save baseline" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Baseline saved.");
  });

  it("streams today's advice phase by phase, plans it and logs what happened", async () => {
    await page.goto(appUrl("/climb"));
    await hydrated(page);
    await fillReadiness({
      "Sleep last night (hours)": "8",
      "Energy (1 drained – 5 full)": "4",
      "Stress (1 calm – 5 very stressed)": "2",
    });
    await page.getByRole("button", { name: "What should I do today?" }).click();
    const phase = (name: string) => page.locator(`[data-phase="${name}"]`).getAttribute("data-state");
    await expect.poll(() => phase("done"), { timeout: 5_000 }).toBe("done");
    for (const p of ["context_loaded", "prediction", "recommendations", "stats"])
      expect(await phase(p)).toBe("done");
    expect(await page.getByTestId("model-phase").textContent()).toMatch(
      /Cold start.*0\s+sessions in your model/,
    );
    await page.getByTestId("prediction-chart").locator("svg").first().waitFor();
    const recommended = await page.getByTestId("recommended-type").textContent();
    expect(recommended).toBeTruthy();
    expect(await page.getByTestId("recommendation").textContent()).toMatch(/V[3-6]/);
    await screenshot(page, "climb-coach");

    await page.getByRole("button", { name: "Plan this session" }).click();
    await page.waitForURL(/\/climb\/sessions\/[0-9a-f-]{36}$/);
    await hydrated(page);
    expect(await page.getByTestId("session-plan").textContent()).toMatch(
      /predicted quality \d+\.\d \(cold start\)/,
    );
    await page.getByLabel("Session quality (1–10)").fill("8");
    await page.getByRole("button", { name: "Save session" }).click();
    await expect
      .poll(() => page.getByTestId("session-outcome").textContent())
      .toMatch(/quality 8\/10 · as planned/);

    await page.getByRole("link", { name: "← All sessions" }).click();
    await page.waitForURL(appUrl("/climb/sessions"));
    await hydrated(page);
    await page.getByTestId("quality-chart").locator("svg").first().waitFor();
    await page.getByTestId("load-chart").locator("svg").first().waitFor();
    expect(await page.getByTestId("session-history").textContent()).toContain(
      recommended!.replace(/ \(.*\)/, ""),
    );
    await screenshot(page, "climb-sessions");
  });

  it("logs a past session from the history page, with inline errors first", async () => {
    await page.getByLabel("Session quality (1–10)").fill("12");
    await page.getByLabel("Sleep last night (hours)").fill("7");
    await page.getByLabel("Energy (1 drained – 5 full)").fill("3");
    await page.getByLabel("Stress (1 calm – 5 very stressed)").fill("");
    await page.getByRole("button", { name: "Log session" }).click();
    await expect.poll(() => page.getByText("Rate 1–10").count()).toBe(1);
    expect(await page.getByText("Required").count()).toBe(1);
    await page.getByLabel("Session quality (1–10)").fill("6");
    await page.getByLabel("Stress (1 calm – 5 very stressed)").fill("3");
    await page.getByRole("button", { name: "Log session" }).click();
    await page.waitForURL(appUrl("/climb/sessions?logged=1"));
    await expect.poll(() => page.getByTestId("session-history").locator("tbody tr").count()).toBe(2);
  });

  it("stops at a safety rule: finger pain ends the advice early with its reason", async () => {
    await page.goto(appUrl("/climb"));
    await hydrated(page);
    await fillReadiness({
      "Sleep last night (hours)": "8",
      "Energy (1 drained – 5 full)": "4",
      "Stress (1 calm – 5 very stressed)": "2",
      "Finger pain (0 none – 10 worst)": "6",
    });
    await page.getByRole("button", { name: "What should I do today?" }).click();
    await expect.poll(() => page.getByTestId("override").textContent(), { timeout: 5_000 }).toBe("Rest day");
    expect(await page.getByTestId("recommendation").textContent()).toMatch(/Rule: Finger pain: rest/);
    expect(await page.locator('[data-phase="prediction"]').getAttribute("data-state")).toBe("skipped");
    // Out-of-range readiness is refused with the field named.
    await fillReadiness({ "Finger pain (0 none – 10 worst)": "", "Sleep last night (hours)": "30" });
    await page.getByRole("button", { name: "What should I do today?" }).click();
    await expect.poll(() => page.getByText("Must be between 0 and 16").count()).toBe(1);
    expect(consoleErrors()).toEqual([]);
  });
});

describe("the climbing coach, from the admin console", () => {
  it("edits rules (refusing an invalid condition), refreshes the cache and queues a full fit", async () => {
    const admin = await (await browser.newContext()).newPage();
    await logIn(admin, E2E_ADMIN);
    await admin.goto(appUrl("/admin/climb"));
    await hydrated(admin);
    expect(await admin.getByTestId("rule").count()).toBeGreaterThanOrEqual(10);
    const form = admin.getByRole("form", { name: "New rule" });
    await form.getByLabel("Name").fill("Tired legs");
    await form.getByLabel("Condition (JSON)").fill('{"field":"soreness","op":"gte","value":9}');
    await form.getByLabel("Hangboard", { exact: true }).check();
    await form.getByLabel("Message to the climber").fill("Go easy");
    await form.getByRole("button", { name: "Add rule" }).click();
    await expect
      .poll(() => admin.getByText("condition.value: 9 is outside soreness's range 1–5").count())
      .toBe(1);
    // The refused form keeps what the admin typed.
    expect(await admin.getByRole("form", { name: "New rule" }).getByLabel("Name").inputValue()).toBe(
      "Tired legs",
    );
    await admin
      .getByRole("form", { name: "New rule" })
      .getByLabel("Condition (JSON)")
      .fill('{"field":"soreness","op":"gte","value":4}');
    await admin.getByRole("form", { name: "New rule" }).getByRole("button", { name: "Add rule" }).click();
    await expect.poll(() => admin.getByText("Rule added; the cache was refreshed.").count()).toBe(1);
    expect(await admin.getByTestId("rule").filter({ hasText: "Tired legs" }).textContent()).toMatch(
      /^Tired legs · constraint rules out hangboard · when soreness ≥ 4/,
    );
    expect(await admin.getByTestId("rules-cache").textContent()).toMatch(/^Loaded –/);
    await admin.getByRole("button", { name: "Load now" }).click();
    await expect.poll(() => admin.getByTestId("rules-cache").textContent()).toMatch(/^Loaded \d/);
    await admin.getByRole("button", { name: "Run the full fit now" }).click();
    await expect.poll(() => admin.getByText("Full fit queued").count()).toBe(1);
    await screenshot(admin, "admin-climb");
  });
});
