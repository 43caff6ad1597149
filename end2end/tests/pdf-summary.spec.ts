import { test, expect, Page, Browser } from "@playwright/test";
import * as fs from "fs";
import { buyPlan, signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

// Chat's PDF summary: on Pro, attach a PDF (printed by Chromium here), press "Summarise",
// watch the streamed answer and the token meter move; on the trial (Starter), the lock.

async function arabicPdf(browser: Browser): Promise<string> {
  const page = await browser.newPage();
  await page.setContent(
    `<html lang="ar" dir="rtl"><body style="font-family: 'Noto Sans Arabic', sans-serif">
       <h1>تقرير سنوي</h1><p>نمت شركة شمس عمان بنسبة كبيرة في عام 2025.</p>
       <p>وافق المجلس على ثلاث محطات جديدة في معان.</p></body></html>`
  );
  const path = `${fs.mkdtempSync("/tmp/pdf-e2e-")}/تقرير.pdf`;
  fs.writeFileSync(path, await page.pdf({ format: "A4" }));
  await page.close();
  return path;
}

async function tokensUsed(page: Page): Promise<string> {
  return (await page.getByTestId("meter-tokens").textContent()) ?? "";
}

test("a Pro user attaches a PDF, summarises it, and sees the answer stream and the meter move", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("pdf-pro"), "/app/account");
  await buyPlan(page, "pro");
  await page.goto("/app/chat");
  await waitForHydration(page);
  const before = await tokensUsed(page);
  await page.getByTestId("chat-attach").setInputFiles(await arabicPdf(browser));
  await expect(page.getByTestId("chat-attachment")).toContainText("pdf");
  await expect(page.getByTestId("pdf-cost")).toBeVisible();
  await page.getByTestId("pdf-summarize").click();
  const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').last();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(answer).toContainText("محطات جديدة في معان");
  await expect.poll(() => tokensUsed(page)).not.toBe(before);
  expect(errors).toEqual([]);
});

test("a trial (Starter) user who attaches a PDF sees the lock and the upgrade offer", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("pdf-starter"), "/app/chat");
  await page.goto("/app/chat");
  await waitForHydration(page);
  await page.getByTestId("chat-attach").setInputFiles(await arabicPdf(browser));
  await expect(page.getByTestId("feature-locked")).toHaveAttribute("data-feature", "pdf_summary");
  await expect(page.getByTestId("upgrade-cta")).toBeVisible();
  await expect(page.getByTestId("pdf-summarize")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the composer counts a long prompt against the plan's limit", async ({ page }) => {
  await signIn(page, uniqueEmail("prompt"), "/app/chat");
  await page.goto("/app/chat");
  await waitForHydration(page);
  const counter = page.getByTestId("prompt-counter");
  await page.getByTestId("chat-input").fill("word ".repeat(100));
  await expect(counter).toHaveAttribute("data-level", "ok");
  await expect(counter).toContainText("8,000");
  await page.getByTestId("chat-input").fill("word ".repeat(5_400));
  await expect(counter).toHaveAttribute("data-level", "near");
  await page.getByTestId("chat-input").fill("word ".repeat(9_000));
  await expect(counter).toHaveAttribute("data-level", "over");
  // Sent anyway: the server refuses it and the banner offers the plan that takes it.
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-banner")).toContainText("المبدع");
  await expect(page.getByTestId("chat-banner").getByRole("link")).toHaveAttribute("href", /\/app\/account/);
});
