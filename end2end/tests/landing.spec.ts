import { test, expect } from "@playwright/test";
import { besideCutFetches, expectArabic, expectEnglish, waitForHydration, watchForErrors } from "./helpers";

test.describe("landing page", () => {
  test("is Arabic and right-to-left from the first byte", async ({ request }) => {
    const res = await request.get("/", { headers: { "accept-language": "fr-FR" } });
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html><html lang="ar" dir="rtl">')).toBeTruthy();
    expect(res.headers()["content-security-policy"]).toContain("'wasm-unsafe-eval'");
  });

  test("shows the hero, three plans from the database, and the FAQ", async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto("/");
    await expectArabic(page);
    await expect(page.getByTestId("hero-title")).toContainText("أدوات الذكاء الاصطناعي");
    const plans = page.getByTestId("plans").locator("article");
    await expect(plans).toHaveCount(3);
    await expect(page.getByTestId("plan-starter").getByTestId("plan-price")).toHaveText("3 د.أ");
    await expect(page.getByTestId("plan-pro").getByTestId("plan-price")).toHaveText("5 د.أ");
    await expect(page.getByTestId("plan-creator").getByTestId("plan-price")).toHaveText("7 د.أ");
    await expect(page.getByTestId("plan-creator")).toContainText("1,000,000 رمز");
    await expect(page.getByTestId("plan-starter")).toContainText("10 صور");
    await expect(page.locator("details")).toHaveCount(5);
    await waitForHydration(page);
    expect(errors).toEqual([]);
  });

  test("toggles to English and back in place once hydrated, and remembers it", async ({ page, context }) => {
    const errors = watchForErrors(page);
    await page.goto("/");
    await waitForHydration(page);
    // A marker on window survives only if the switch happens without a page load,
    // which needs the WASM: this proves hydration works.
    await page.evaluate(() => ((window as any).__noReload = true));
    const toggle = page.getByTestId("lang-toggle");
    await expect(toggle).toHaveText("English");
    await toggle.click();
    await expectEnglish(page);
    await expect(page.getByTestId("hero-title")).toContainText("Every AI tool you need");
    await expect(page.getByTestId("plan-pro").getByTestId("plan-price")).toHaveText("5 JOD");
    await expect(page.getByTestId("plan-creator")).toContainText("1,000,000 tokens a month");
    // Every section under the header is redrawn in the new language, to the footer.
    await expect(page.locator(".tool-grid")).toContainText("Smart chat");
    await expect(page.locator(".faq summary").first()).toHaveText("What is a “token” in my quota?");
    await expect(page.locator(".cta h2")).toHaveText("Ready to start?");
    await expect(page.getByTestId("current-lang")).toHaveText("en");
    await expect(page.locator("details")).toHaveCount(5);
    await expect(page).toHaveTitle(/Pulse AI Studio/);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "lang")?.value).toBe("en");

    await page.reload();
    await expectEnglish(page);
    await expect(page.getByTestId("lang-toggle")).toHaveText("العربية");

    await waitForHydration(page);
    await page.getByTestId("lang-toggle").click();
    await expectArabic(page);
    await expect(page.getByTestId("hero-title")).toContainText("أدوات الذكاء الاصطناعي");
    await expect(page.locator(".faq summary").first()).toHaveText("ما المقصود بـ«الرمز» في الحصة؟");
    await expect(page.getByTestId("current-lang")).toHaveText("ar");
    expect(errors).toEqual([]);
  });

  test("is drawn whole when reached by a link inside the app, without a page load", async ({ page }) => {
    // The sections under the header are not hydrated (their server HTML stays as it is);
    // reached through the router there is no server HTML, and the browser draws them.
    const errors = watchForErrors(page);
    await page.goto("/login");
    await waitForHydration(page);
    await page.evaluate(() => ((window as any).__noReload = true));
    await page.locator("a.brand").click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("hero-title")).toContainText("أدوات الذكاء الاصطناعي");
    await expect(page.locator(".tool-grid li")).toHaveCount(5);
    await expect(page.getByTestId("plans").locator("article")).toHaveCount(3);
    await expect(page.getByTestId("plan-pro").getByTestId("plan-price")).toHaveText("5 د.أ");
    await expect(page.locator("details")).toHaveCount(5);
    await expect(page.locator(".cta h2")).toHaveText("هل نبدأ؟");
    await expect(page.getByTestId("current-lang")).toHaveText("ar");
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);

    // What the browser drew follows the language too.
    await page.getByTestId("lang-toggle").click();
    await expectEnglish(page);
    await expect(page.getByTestId("hero-title")).toContainText("Every AI tool you need");
    await expect(page.getByTestId("plan-pro").getByTestId("plan-price")).toHaveText("5 JOD");
    await expect(page.locator(".faq summary").first()).toHaveText("What is a “token” in my quota?");
    await expect(page.locator(".tool-grid li")).toHaveCount(5);
    await page.getByTestId("lang-toggle").click();
    await expectArabic(page);
    await expect(page.getByTestId("plan-pro").getByTestId("plan-price")).toHaveText("5 د.أ");
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
    expect(errors).toEqual([]);
  });

  test("keeps what the server drew as it hydrates: a question opened while the page loads stays open", async ({ page }) => {
    const errors = watchForErrors(page);
    // Tags the server's nodes before any script runs; hydration must not replace them.
    await page.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        for (const sel of ["[data-testid=hero-title]", ".tool-grid", "[data-testid=plan-pro]", ".faq details", ".cta h2"]) {
          const el = document.querySelector(sel) as any;
          if (el) el.__fromServer = true;
        }
      });
    });
    await page.goto("/");
    const question = page.locator(".faq details").first();
    await question.locator("summary").click();
    await expect(question).toHaveAttribute("open", "");
    await waitForHydration(page);
    await expect(question).toHaveAttribute("open", "");
    const kept = await page.evaluate(() =>
      ["[data-testid=hero-title]", ".tool-grid", "[data-testid=plan-pro]", ".faq details", ".cta h2"].map(
        (sel) => (document.querySelector(sel) as any)?.__fromServer === true,
      ),
    );
    expect(kept).toEqual([true, true, true, true, true]);
    expect(errors).toEqual([]);
  });

  test("a page fetches its own language's text only; a switch that cannot fetch the other says so and keeps the page", async ({ browser }) => {
    // No service worker: it would fetch the messages itself, out of the page's routes.
    const context = await browser.newContext({ serviceWorkers: "block", locale: "ar-JO" });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const texts: string[] = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/i18n/")) texts.push(path);
    });
    await page.goto("/login");
    await waitForHydration(page);
    // The sign-in page's code is split off: the main text and the pages' text, in Arabic.
    expect(texts.sort()).toEqual([
      expect.stringMatching(/^\/i18n\/ar\.main\.[0-9a-f]{20}\.bin$/),
      expect.stringMatching(/^\/i18n\/ar\.pages\.[0-9a-f]{20}\.bin$/),
    ]);
    await page.getByTestId("login-email").fill("keep.me@example.jo");

    // Offline for the English text: the page stays Arabic, with what was typed, and says why.
    await page.route(/\/i18n\/en\./, (route) => route.abort("internetdisconnected"));
    const toggle = page.locator("[data-testid=lang-toggle]:visible");
    await toggle.click();
    await expect(page.getByTestId("lang-error")).toContainText("تعذّر التبديل إلى الإنجليزية");
    await expectArabic(page);
    await expect(page.getByTestId("login-email")).toHaveValue("keep.me@example.jo");

    // Back online, the same press switches in place, and the error goes.
    await page.unroute(/\/i18n\/en\./);
    await toggle.click();
    await expectEnglish(page);
    await expect(page.getByTestId("login-submit")).toHaveText("Send me a sign-in link");
    await expect(page.getByTestId("lang-error")).toHaveCount(0);
    await expect(page.getByTestId("login-email")).toHaveValue("keep.me@example.jo");
    // The switch fetched both English files the page needs.
    expect([...new Set(texts.filter((p) => p.startsWith("/i18n/en.")))].sort()).toEqual([
      expect.stringMatching(/^\/i18n\/en\.main\.[0-9a-f]{20}\.bin$/),
      expect.stringMatching(/^\/i18n\/en\.pages\.[0-9a-f]{20}\.bin$/),
    ]);
    // Back to Arabic: its text is here already.
    const fetched = texts.length;
    await toggle.click();
    await expectArabic(page);
    await expect(page.getByTestId("login-submit")).toHaveText("أرسل رابط الدخول");
    expect(texts.length).toBe(fetched);
    expect(besideCutFetches(errors)).toEqual([]);
    await context.close();
  });

  test("after a deploy renamed the other language's text, the switch loads the page in that language", async ({ browser }) => {
    const context = await browser.newContext({ serviceWorkers: "block", locale: "ar-JO" });
    const page = await context.newPage();
    await page.goto("/login?next=%2Fapp%2Fcv");
    await waitForHydration(page);
    await page.evaluate(() => ((window as any).__before = true));
    // A server having a moment (a 503 mid-deploy) is like offline: the page stays.
    await page.route(/\/i18n\/en\./, (route) => route.fulfill({ status: 503, body: "" }));
    await page.locator("[data-testid=lang-toggle]:visible").click();
    await expect(page.getByTestId("lang-error")).toBeVisible();
    await expectArabic(page);
    // The name this page was given is another deploy's now: the server has no such file.
    await page.unroute(/\/i18n\/en\./);
    await page.route(/\/i18n\/en\./, (route) => route.fulfill({ status: 404, body: "" }));
    await page.locator("[data-testid=lang-toggle]:visible").click();
    await expectEnglish(page);
    await expect(page).toHaveURL(/\/login\?next=%2Fapp%2Fcv$/);
    await expect(page.getByTestId("login-submit")).toHaveText("Send me a sign-in link");
    expect(await page.evaluate(() => (window as any).__before)).toBeUndefined();
    await context.close();
  });

  test("the toggle works without JavaScript too", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "ar-JO" });
    const page = await context.newPage();
    await page.goto("/login");
    await expectArabic(page);
    await page.locator("[data-testid=lang-toggle]:visible").click();
    await expect(page).toHaveURL(/\/login$/);
    await expectEnglish(page);
    await expect(page.getByTestId("login-submit")).toHaveText("Send me a sign-in link");
    // A page with a query comes back with its query.
    await page.goto("/login?next=%2Fapp%2Fcv");
    await page.locator("[data-testid=lang-toggle]:visible").click();
    await expect(page).toHaveURL(/\/login\?next=%2Fapp%2Fcv$/);
    await expectArabic(page);
    await context.close();
  });

  test("English browsers get English when no choice was made", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/");
    await expectEnglish(page);
    await expect(page.getByTestId("plan-starter").getByTestId("plan-price")).toHaveText("3 JOD");
    await context.close();
  });
});
