import { test, expect, Page } from "@playwright/test";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { buyPlan, signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

// The slide maker: locked with the upgrade offer on the trial (Starter); on Pro, a
// 5-slide Arabic deck from the demo model's outline, edited, themed, exported.

async function download(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return fs.readFileSync((await file.path())!);
}

test("a trial (Starter) user sees the slide maker locked, with the way to upgrade", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("slides-locked"), "/app/slides");
  await page.goto("/app/slides");
  await waitForHydration(page);
  await expect(page.getByTestId("slides-locked")).toBeVisible();
  await expect(page.getByTestId("feature-locked")).toHaveAttribute("data-feature", "slides");
  await expect(page.getByTestId("slides-new")).toHaveCount(0);
  await page.getByTestId("upgrade-cta").click();
  await page.waitForURL(/\/app\/account/);
  await expect(page.getByTestId("plan-card-pro")).toBeVisible();
  expect(errors).toEqual([]);
});

test("a Pro user makes a 5-slide Arabic deck, edits a title, picks a theme, exports PPTX and PDF", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("slides-pro"), "/app/account");
  await buyPlan(page, "pro");
  await page.goto("/app/slides");
  await waitForHydration(page);
  await page.getByTestId("slides-new").click();
  await page.getByTestId("slides-topic").fill("الطاقة الشمسية في الأردن");
  await page.getByTestId("slides-count").selectOption("5");
  await page.getByTestId("slides-lang").selectOption("ar");
  await expect(page.getByTestId("slides-cost")).toBeVisible();
  await page.getByTestId("slides-generate").click();
  await page.waitForURL(/\/app\/slides\/\d+$/, { timeout: 30_000 });
  await waitForHydration(page);

  await expect(page.getByTestId("slide-item")).toHaveCount(5);
  await page.getByTestId("slide-item").nth(1).click();
  await page.getByTestId("slide-title-input").fill("عنوان جديد للشريحة");
  await expect(page.getByTestId("slide-item").nth(1)).toContainText("عنوان جديد للشريحة");
  await page.locator('[data-testid="theme-option"][data-theme="desert"]').click();
  await expect(page.locator('[data-testid="theme-option"][data-theme="desert"]')).toHaveAttribute("aria-checked", "true");
  await expect(page.getByTestId("slides-saved")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await expect(page.getByTestId("slides-preview").locator("img.slide-page")).toBeVisible();

  // Add a slide, then delete it again (after a second press).
  await page.getByTestId("slide-add").click();
  await expect(page.getByTestId("slide-item")).toHaveCount(6);
  await page.getByTestId("slide-delete").click();
  await page.getByTestId("slide-delete-confirm").click();
  await expect(page.getByTestId("slide-item")).toHaveCount(5);

  const pptx = await download(page, "slides-export-pptx");
  expect(pptx.subarray(0, 2).toString()).toBe("PK");
  const pdf = await download(page, "slides-export-pdf");
  expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
  const dir = fs.mkdtempSync("/tmp/slides-e2e-");
  fs.writeFileSync(`${dir}/deck.pdf`, pdf);
  const text = execFileSync("pdftotext", [`${dir}/deck.pdf`, "-"]).toString();
  expect(text).toContain("عنوان جديد للشريحة");
  expect(execFileSync("pdfinfo", [`${dir}/deck.pdf`]).toString()).toMatch(/Pages:\s+5/);
  expect(errors).toEqual([]);
});
