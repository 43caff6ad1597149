import { expect, Page, ConsoleMessage } from "@playwright/test";

/** Fails the test on any uncaught page error or console error (hydration panics show up here). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the WASM has hydrated the page (the hydrate script sets no flag, so we
 *  wait for the module and the wasm to load and for the network to go idle). */
export async function waitForHydration(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() =>
    performance.getEntriesByType("resource").some((e) => e.name.endsWith(".wasm"))
  );
}

export async function expectArabic(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
}

export async function expectEnglish(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
}

export const TABS = ["chat", "cv", "slides", "image", "video", "account"] as const;
