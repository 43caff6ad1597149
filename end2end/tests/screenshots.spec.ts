import { test, expect } from "@playwright/test";
import { TABS, signIn, uniqueEmail, waitForHydration } from "./helpers";

// Screenshots of every page, both languages, phone and desktop, into end2end/screenshots.
const SIZES = [
  { name: "360", width: 360, height: 780 },
  { name: "1280", width: 1280, height: 860 },
];

for (const lang of ["ar", "en"]) {
  for (const size of SIZES) {
    test(`screenshots ${lang} ${size.name}px`, async ({ page, context }) => {
      await context.addCookies([{ name: "lang", value: lang, url: "http://127.0.0.1" }]);
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto("/login");
      await page.screenshot({ path: `screenshots/${lang}-${size.name}-login.png` });
      await signIn(page, uniqueEmail("shots"));
      // A file in the account page's list.
      await page.goto("/app/account");
      await waitForHydration(page);
      await page.getByTestId("upload-input").setInputFiles({
        name: lang === "ar" ? "السيرة الذاتية - سارة.png" : "Sara - portrait.png",
        mimeType: "image/png",
        buffer: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
      });
      await page.getByTestId("upload-submit").click();
      await expect(page.getByTestId("file-row")).toHaveCount(1);
      // A conversation with the demo model.
      await page.goto("/app/chat");
      await waitForHydration(page);
      await page.getByTestId("chat-input").fill(lang === "ar" ? "React مكتبة رائعة، كيف أبدأ بها؟" : "How do I start with Rust?");
      await page.getByTestId("chat-send").click();
      await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: `screenshots/${lang}-${size.name}-chat-conversation.png`, fullPage: true });
      for (const path of ["/", ...TABS.map((t) => `/app/${t}`), "/no-such-page"]) {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        await waitForHydration(page);
        await page.evaluate(() => document.fonts.ready);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
        const name = path === "/" ? "landing" : path.replace(/^\//, "").replace(/\//g, "-");
        await page.screenshot({ path: `screenshots/${lang}-${size.name}-${name}.png`, fullPage: path === "/" || path === "/app/account" });
      }
    });
  }
}
