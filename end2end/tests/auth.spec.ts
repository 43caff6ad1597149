import { test, expect } from "@playwright/test";
import { expectArabic, expectEnglish, followLink, lastMail, linkFromMail, signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

test.describe("sign-in", () => {
  test("a new user signs in in Arabic with the link from the outbox, and signs out", async ({ page }) => {
    const errors = watchForErrors(page);
    const email = uniqueEmail("sara");
    await page.goto("/app/cv");
    await expect(page).toHaveURL(/\/login\?next=\/app\/cv$/);
    await expectArabic(page);
    await waitForHydration(page);
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-sent")).toContainText(email);
    await expect(page.getByTestId("login-sent")).toContainText("تحقق من بريدك");

    const mail = lastMail();
    expect(mail.text).toContain("رابط تسجيل الدخول");
    expect(mail.text).toContain('dir="rtl"');
    await followLink(page, linkFromMail());
    await expect(page).toHaveURL(/\/app\/cv$/);
    await expect(page.getByTestId("page-title")).toHaveText("السيرة الذاتية");

    await waitForHydration(page);
    await page.getByTestId("nav-account").click();
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await waitForHydration(page);
    // Every card of the page has loaded (nothing busy) before typing.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await page.getByTestId("account-name").fill("سارة");
    await page.getByTestId("account-save").click();
    await expect(page.getByTestId("account-saved")).toBeVisible();

    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/app/chat");
    await expect(page).toHaveURL(/\/login/);
    expect(errors).toEqual([]);
  });

  test("an English sign-in gets an English email and an English app", async ({ page }) => {
    await page.goto("/login");
    await waitForHydration(page);
    await page.locator("[data-testid=lang-toggle]:visible").click();
    await expectEnglish(page);
    const email = uniqueEmail("john");
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-sent")).toContainText("Check your email");
    expect(lastMail().text).toContain("Your Pulse sign-in link");
    await followLink(page, linkFromMail());
    await expect(page).toHaveURL(/\/app\/chat$/);
    await expectEnglish(page);
    await expect(page.getByTestId("page-title")).toHaveText("Chat");
  });

  test("signing in works before the page is interactive (plain form post)", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "ar-JO" });
    const page = await context.newPage();
    const email = uniqueEmail("nojs");
    await page.goto("/login");
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-sent")).toContainText(email);
    await followLink(page, linkFromMail());
    await expect(page).toHaveURL(/\/app\/chat$/);
    await page.goto("/login");
    await page.getByTestId("login-email").fill("sara@localhost");
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-error")).toContainText("أدخل بريدًا إلكترونيًا صحيحًا");
    await context.close();
  });

  test("a used link is explained, with the way to get a new one", async ({ page }) => {
    await signIn(page, uniqueEmail("reuse"));
    const link = linkFromMail();
    await page.context().clearCookies();
    await page.goto(link);
    await expect(page.getByTestId("verify-problem")).toContainText("استُخدم هذا الرابط");
    await page.getByRole("link", { name: "أرسل رابطًا جديدًا" }).click();
    await expect(page.getByTestId("login-email")).toBeVisible();
  });

  test("a link opened in another browser asks first, and a link's page alone signs nobody in", async ({ page, browser }) => {
    const email = uniqueEmail("phone");
    await page.goto("/login");
    await waitForHydration(page);
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-sent")).toBeVisible();
    const link = linkFromMail();
    // The same browser: the question, without a warning.
    await page.goto(link);
    await expect(page.getByTestId("verify-email")).toHaveText(email.slice(0, 2) + "…@example.jo");
    await expect(page.getByTestId("verify-other-browser")).toHaveCount(0);
    // Another browser (the phone's mail app): a warning, and nothing happens until the press.
    const phone = await browser.newContext({ locale: "ar-JO" });
    const other = await phone.newPage();
    await other.goto(link);
    await expect(other.getByTestId("verify-other-browser")).toBeVisible();
    await other.goto("/app/chat");
    await expect(other).toHaveURL(/\/login/);
    await other.goto(link);
    await other.getByTestId("verify-confirm").click();
    await expect(other).toHaveURL(/\/app\/chat$/);
    await phone.close();
  });

  test("a bad address gets a translated error and keeps what was typed", async ({ page }) => {
    await page.goto("/login");
    await waitForHydration(page);
    // type=email would stop the browser from sending it; a user's typo the browser accepts:
    await page.getByTestId("login-email").fill("sara@localhost");
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-error")).toContainText("أدخل بريدًا إلكترونيًا صحيحًا");
    await expect(page.getByTestId("login-email")).toHaveValue("sara@localhost");
  });

  test("deleting the account asks for the email and then removes it", async ({ page }) => {
    const email = uniqueEmail("leaving");
    await signIn(page, email, "/app/account");
    await expect(page).toHaveURL(/\/app\/account$/);
    await waitForHydration(page);
    await page.getByTestId("delete-confirm").fill("someone-else@example.jo");
    await page.getByTestId("delete-account").click();
    await expect(page.getByText("البريد الذي كتبته لا يطابق بريد حسابك")).toBeVisible();
    await page.getByTestId("delete-confirm").fill(email);
    await page.getByTestId("delete-account").click();
    await expect(page).toHaveURL(/\/\?deleted=1$/);
    await page.goto("/app/account");
    await expect(page).toHaveURL(/\/login/);
  });
});

test("the account page shows the trial, its meters and an empty history", async ({ page }) => {
  await signIn(page, uniqueEmail("meters"), "/app/account");
  await expect(page.getByTestId("usage-plan")).toContainText("تجربة مجانية");
  await expect(page.getByTestId("meter-images")).toHaveAttribute("data-level", "ok");
  await expect(page.getByTestId("usage-history-empty")).toBeVisible();
});

test("choosing English on the account page saves it and switches the page in place", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("lang"), "/app/account");
  await waitForHydration(page);
  await page.evaluate(() => ((window as any).__noReload = true));
  const texts: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/i18n/")) texts.push(path);
  });
  await page.getByTestId("account-locale").selectOption("en");
  await page.getByTestId("account-save").click();
  await expect(page.getByTestId("account-saved")).toBeVisible();
  await expectEnglish(page);
  await expect(page.getByTestId("account-save")).toHaveText("Save");
  // In place: the English text was fetched (the main text and the pages' text, as the
  // account page has them in Arabic), the page was not loaded again.
  expect(texts.sort()).toEqual([
    expect.stringMatching(/^\/i18n\/en\.main\.[0-9a-f]{20}\.bin$/),
    expect.stringMatching(/^\/i18n\/en\.pages\.[0-9a-f]{20}\.bin$/),
  ]);
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  await page.reload();
  await expectEnglish(page);
  expect(errors).toEqual([]);
});
