import { expect, Page, ConsoleMessage } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";

/** Fails the test on any uncaught page error or console error (hydration panics show up here). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The errors left once those a fetch cut on purpose reports (by the browser and the
 *  module loader) are set aside: a panic or anything else still shows. */
export function besideCutFetches(errors: string[]): string[] {
  return errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|TypeError/.test(e));
}

/** The paths of the code (`/pkg/…`) and text (`/i18n/…`) files the page fetches from now
 *  on, in order. */
export function watchCodeFetches(page: Page): string[] {
  const fetched: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/pkg/") || path.startsWith("/i18n/")) fetched.push(path);
  });
  return fetched;
}

/** Waits until the WASM has hydrated the page: the bundle is fetched when the page is
 *  idle and marks `<html data-hydrated>` once the whole page, a lazy page's module included,
 *  has hydrated (clicks reach the app only from then); then the network settles. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-hydrated"));
  await page.waitForLoadState("networkidle");
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

/** The newest message in the server's mail outbox, decoded enough to read links. */
export function lastMail(dataDir = process.env.E2E_DATA_DIR!): { raw: string; text: string } {
  const dir = path.join(dataDir, "outbox");
  const files = fs
    .readdirSync(dir)
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
  const raw = fs.readFileSync(files[files.length - 1], "utf8");
  // Undo quoted-printable soft breaks and escapes, and decode base64 parts.
  let text = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  for (const m of raw.matchAll(/Content-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+\/=\r\n]+)/g)) {
    text += Buffer.from(m[1].replace(/\s/g, ""), "base64").toString("utf8");
  }
  // RFC 2047 encoded words (the subject).
  text += "\n" + raw.replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_, b) => Buffer.from(b, "base64").toString("utf8"));
  return { raw, text };
}

export function linkFromMail(dataDir?: string): string {
  const m = lastMail(dataDir).text.match(/\/auth\/verify\?token=([A-Za-z0-9_-]{43})/);
  expect(m, "a sign-in link in the outbox").toBeTruthy();
  return m![0];
}

/** Opens a sign-in link and presses the confirmation page's button (the link only asks;
 *  the same-origin POST signs in). */
export async function followLink(page: Page, link: string) {
  await page.goto(link);
  await page.getByTestId("verify-confirm").click();
  await page.waitForURL((url) => url.pathname !== "/auth/verify");
}

/** Signs in through the real flow: the form, the outbox, the link, the confirmation.
 *  `dataDir` names another server's data folder (its outbox) when the test's `baseURL`
 *  is that server. */
export async function signIn(page: Page, email: string, next?: string, dataDir?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await waitForHydration(page);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-sent")).toBeVisible();
  await followLink(page, linkFromMail(dataDir));
}

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}.${Date.now()}.${counter}@example.jo`;
}

/** Buys `plan` through the sandbox gateway, as a user would (account page → pay). */
export async function buyPlan(page: Page, plan: "pro" | "creator") {
  await page.goto("/app/account#billing");
  await waitForHydration(page);
  await page.getByTestId(`buy-${plan}`).click();
  await page.waitForURL(/\/pay\/sandbox\/ord/);
  await page.getByTestId("sandbox-pay").click();
  await page.waitForURL(/\/app\/account\?payment=paid/);
  await expect(page.getByTestId("current-plan")).toHaveAttribute("data-plan", plan);
}

/** Holds every request to `url` on its way until `release()` (a press in flight), counting
 *  them: a busy button's second press must not add one. */
export async function holdRequests(page: Page, url: string): Promise<{ count: () => number; release: () => void }> {
  let count = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    count += 1;
    await held;
    await route.continue();
  });
  return { count: () => count, release };
}
