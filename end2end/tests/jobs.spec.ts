import { test, expect } from "@playwright/test";
import { signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

// The work core's job card, driven by the development-only demo job (20 steps of
// DEMO_JOB_STEP_MS, set in playwright.config.ts), live over GET /events.

test("a demo job shows its progress live, the shell counts it, and it ends done", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("jobs"), "/app/account");
  await page.goto("/app/account#jobs");
  await waitForHydration(page);
  await expect(page.getByTestId("jobs-empty")).toBeVisible();

  await page.getByTestId("job-demo-start").click();
  const card = page.getByTestId("job-card");
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute("data-status", "running");
  await expect(card.getByTestId("job-status")).toHaveText("قيد التنفيذ");
  // The bar moves while it runs (each step is a change the stream carries).
  await expect
    .poll(async () => Number(await card.getByTestId("job-progress").getAttribute("value")))
    .toBeGreaterThan(0);
  await expect(card.getByTestId("job-percent")).toContainText("٪");
  await expect(page.getByTestId("jobs-badge").first()).toBeAttached();
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await expect(card.getByTestId("job-progress")).toHaveAttribute("value", "100");
  await expect(card.getByTestId("job-status")).toHaveText("اكتملت");
  await expect(page.getByTestId("jobs-badge")).toHaveCount(0);
  await expect(card.getByTestId("job-cancel")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a running job is cancelled from its card, then tried again", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.context().addCookies([{ name: "lang", value: "en", url: "http://127.0.0.1" }]);
  await signIn(page, uniqueEmail("jobs-cancel"), "/app/account");
  await page.goto("/app/account#jobs");
  await waitForHydration(page);
  await page.getByTestId("job-demo-start").click();
  const card = page.getByTestId("job-card");
  await expect(card).toHaveAttribute("data-status", "running");
  await card.getByTestId("job-cancel").click();
  await expect(card).toHaveAttribute("data-status", "cancelled");
  await expect(card.getByTestId("job-status")).toHaveText("Cancelled");
  await expect(card.getByTestId("job-cancel")).toHaveCount(0);

  await card.getByTestId("job-retry").click();
  await expect(card).toHaveAttribute("data-status", /queued|running/);
  await expect(card).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  expect(errors).toEqual([]);
});

test("a job started elsewhere appears live, and survives a page reload", async ({ page, context }) => {
  await signIn(page, uniqueEmail("jobs-live"), "/app/account");
  await page.goto("/app/account#jobs");
  await waitForHydration(page);
  // Started from a second tab: this page hears of it through the stream.
  const other = await context.newPage();
  await other.goto("/app/account#jobs");
  await waitForHydration(other);
  await other.getByTestId("job-demo-start").click();
  await expect(page.getByTestId("job-card")).toHaveCount(1);
  await expect(page.getByTestId("job-card")).toHaveAttribute("data-status", "running");
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("job-card")).toHaveCount(1);
  await expect(page.getByTestId("job-card")).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await other.close();
});
