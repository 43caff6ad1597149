import { test, expect } from "@playwright/test";
import { signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

test("an admin sees both charts, finds a user and suspends them; the user's next page load is the sign-in page", async ({ browser }) => {
  // The user, signed in on their own device.
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  const email = uniqueEmail("suspendme");
  await signIn(userPage, email, "/app/account");
  await expect(userPage).toHaveURL(/\/app\/account/);

  // The operator, from ADMIN_EMAILS, on a phone.
  const adminContext = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
  const page = await adminContext.newPage();
  const errors = watchForErrors(page);
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/pkg/") && r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
  });
  await signIn(page, "admin@pulse.jo", "/admin");
  wasm.length = 0;
  await page.goto("/admin");
  await waitForHydration(page);
  // The console hydrates with its own bundle, not the one every user loads.
  expect(wasm.some((p) => /^\/pkg\/pulse_admin\./.test(p)), wasm.join(" ")).toBe(true);
  expect(wasm.some((p) => /^\/pkg\/pulse\.[0-9a-f]/.test(p)), wasm.join(" ")).toBe(false);
  await expect(page.getByTestId("admin-dashboard")).toBeVisible();
  await expect(page.getByTestId("admin-chart-revenue").locator("svg")).toBeVisible();
  await expect(page.getByTestId("admin-chart-usage").locator("svg")).toBeVisible();
  // The page fits the phone: nothing scrolls sideways but the nav and wide tables.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);

  await page.goto("/admin/users");
  await waitForHydration(page);
  await page.getByTestId("admin-user-search").fill(email);
  await page.getByTestId("admin-user-search").press("Enter");
  const row = page.getByTestId("admin-user-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(email);
  await row.locator("a").click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+/);
  await waitForHydration(page);
  await page.getByTestId("admin-suspend").click();
  await expect(page.getByTestId("admin-unsuspend")).toBeVisible();
  await expect(page.getByTestId("admin-user")).toHaveAttribute("data-suspended", "true");

  // The user's next page load lands on the sign-in page.
  await userPage.goto("/app/chat");
  await expect(userPage).toHaveURL(/\/login/);

  // Undone, and both actions are in the audit log.
  await page.getByTestId("admin-unsuspend").click();
  await expect(page.getByTestId("admin-suspend")).toBeVisible();
  await page.goto("/admin/audit?action=admin.user");
  await waitForHydration(page);
  await expect(page.getByTestId("admin-audit")).toBeVisible();
  await expect(page.getByTestId("admin-audit-row").filter({ hasText: "admin.user.suspend" }).first()).toBeVisible();
  await expect(page.getByTestId("admin-audit-row").filter({ hasText: "admin.user.unsuspend" }).first()).toBeVisible();
  const csv = await page.request.get((await page.getByTestId("admin-audit-csv").getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("admin.user.suspend");

  await page.goto("/admin/jobs");
  await waitForHydration(page);
  await expect(page.getByTestId("admin-jobs")).toBeVisible();
  expect(errors).toEqual([]);
  await userContext.close();
  await adminContext.close();
});

test("a user who pays sees the bell count go up without a reload, and the list says what happened", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("bell"), "/app/account");
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/pkg/") && r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
  });
  await page.goto("/app/chat");
  await waitForHydration(page);
  // The app's pages never load the admin console's bundle.
  expect(wasm.some((p) => p.includes("pulse_admin")), wasm.join(" ")).toBe(false);
  await expect(page.getByTestId("notif-bell")).toBeVisible();
  await expect(page.getByTestId("notif-count")).toBeHidden();

  // Pay in another tab; this one is not reloaded.
  const other = await page.context().newPage();
  await other.goto("/app/account#billing");
  await waitForHydration(other);
  await other.getByTestId("buy-pro").click();
  await other.waitForURL(/\/pay\/sandbox\/ord/);
  await other.getByTestId("sandbox-pay").click();
  await other.waitForURL(/payment=paid/);

  await expect(page.getByTestId("notif-count")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("notif-count")).toHaveText("1");
  // The meters on this page follow the payment too (Pro: 400,000 tokens).
  const tokens = page.getByTestId("meter-tokens").locator(".meter-value");
  await expect(tokens).toContainText("400,000");
  await page.getByTestId("notif-bell").click();
  await expect(page).toHaveURL(/\/app\/notifications/);
  await expect(page.getByTestId("notif-item")).toHaveCount(1);
  await expect(page.getByTestId("notif-item").first()).toHaveAttribute("data-kind", "payment_paid");
  await expect(page.getByTestId("notif-item").first()).toContainText("المحترف");
  // Opening the list reads them.
  await expect(page.getByTestId("notif-count")).toBeHidden();
  expect(errors).toEqual([]);
});
