import { test, expect, Page } from "@playwright/test";
import { signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

async function limitOf(page: Page, kind: string): Promise<string> {
  const text = (await page.getByTestId(`meter-${kind}`).locator(".meter-value").textContent()) ?? "";
  return text.split("/")[1]?.trim() ?? "";
}

test("buy Pro with the sandbox, see the plan and meters change, buy an add-on, download the invoice", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("billing"), "/app/account");
  await page.goto("/app/account#billing");
  await waitForHydration(page);
  // A new account is on the trial.
  await expect(page.getByTestId("current-plan")).toHaveAttribute("data-plan", "starter");
  const trialTokens = await limitOf(page, "tokens");

  await expect(page.getByTestId("plan-card-pro")).toBeVisible();
  await page.getByTestId("buy-pro").click();
  await expect(page).toHaveURL(/\/pay\/sandbox\/ord/);
  await expect(page.getByTestId("sandbox-amount")).toContainText("5");
  await page.getByTestId("sandbox-pay").click();

  await expect(page).toHaveURL(/\/app\/account\?payment=paid/);
  await expect(page.getByTestId("payment-result")).toBeVisible();
  await expect(page.getByTestId("current-plan")).toHaveAttribute("data-plan", "pro");
  await expect(page.getByTestId("current-plan")).toHaveAttribute("data-status", "active");
  await expect(page.getByTestId("renews-at")).toBeVisible();
  await expect.poll(() => limitOf(page, "tokens")).not.toBe(trialTokens);
  expect(await limitOf(page, "tokens")).toBe("400,000");

  // An add-on: +10 images this month.
  const imagesBefore = await limitOf(page, "images");
  await page.getByTestId("buy-addon-images").click();
  await expect(page).toHaveURL(/\/pay\/sandbox\/ord/);
  await page.getByTestId("sandbox-pay").click();
  await expect(page).toHaveURL(/payment=paid/);
  await expect.poll(() => limitOf(page, "images")).toBe(String(Number(imagesBefore) + 10));

  // A declined payment changes nothing and says so.
  await page.getByTestId("buy-addon-video").click();
  await page.getByTestId("sandbox-decline").click();
  await expect(page).toHaveURL(/payment=failed/);
  await expect(page.locator('[data-testid="payment-row"][data-state="failed"]')).toHaveCount(1);

  // The invoice of the plan: a PDF.
  await expect(page.getByTestId("invoice-link")).toHaveCount(2);
  const href = await page.getByTestId("invoice-link").last().getAttribute("href");
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const pdf = Buffer.from(await res.body());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(errors).toEqual([]);
});
