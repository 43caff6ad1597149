import { test, expect, chromium } from "@playwright/test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromiumArgs, chromiumPath } from "../playwright.config";
import { signIn, uniqueEmail, waitForHydration } from "./helpers";

test.describe("installable app", () => {
  test("the manifest is complete", async ({ request }) => {
    const res = await request.get("/manifest.webmanifest");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("manifest+json");
    const m = await res.json();
    expect(m.name).toContain("Pulse AI Studio");
    expect(m.short_name).toBeTruthy();
    expect(m.lang).toBe("ar");
    expect(m.dir).toBe("rtl");
    expect(m.display).toBe("standalone");
    expect(m.start_url).toMatch(/^\//);
    const sizes = m.icons.map((i: any) => `${i.sizes}:${i.purpose}`);
    expect(sizes).toContain("192x192:any");
    expect(sizes).toContain("512x512:any");
    expect(sizes).toContain("512x512:maskable");
    for (const icon of m.icons) {
      const r = await request.get(icon.src);
      expect(r.status(), icon.src).toBe(200);
    }
  });

  test("the shortcuts open working pages, no orientation is forced, and the worker's version is the build's", async ({ page, request }) => {
    const m = await (await request.get("/manifest.webmanifest")).json();
    expect(m.orientation).toBeUndefined();
    const sw = await (await request.get("/sw.js")).text();
    expect(/const VERSION = "([^"]+)"/.exec(sw)?.[1]).toMatch(/^[0-9a-f]{12}$/);
    await signIn(page, uniqueEmail("pwa-shortcuts"));
    for (const shortcut of m.shortcuts) {
      const res = await page.goto(shortcut.url);
      expect(res?.status(), shortcut.url).toBe(200);
      expect(new URL(page.url()).pathname, shortcut.url).toBe(shortcut.url);
    }
  });

  test("the service worker registers, controls the page, and serves the offline page", async ({ page, context }) => {
    await signIn(page, uniqueEmail("pwa"));
    await expect(page).toHaveURL(/\/app\/chat$/);
    await waitForHydration(page);
    const scope = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.scope;
    });
    expect(scope).toMatch(/\/$/);
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    await context.setOffline(true);
    await page.goto("/app/slides");
    await expect(page.getByTestId("offline")).toBeVisible();
    await expect(page.getByTestId("offline")).toContainText("لا يوجد اتصال بالإنترنت");
    await expect(page.getByTestId("offline")).toContainText("You are offline");
    // A page visited before still opens from the cache.
    await page.goto("/app/chat");
    await expect(page.getByTestId("page-title")).toHaveText("المحادثة");
    await context.setOffline(false);
  });

  test("signed-in pages kept for offline use are dropped when a page load lands on sign-in", async ({ page }) => {
    await signIn(page, uniqueEmail("pwa-drop"));
    await waitForHydration(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.goto("/app/account");
    const kept = () =>
      page.evaluate(async () => {
        const names = await caches.keys();
        let n = 0;
        for (const name of names.filter((k) => k.startsWith("pulse-pages-"))) {
          n += (await (await caches.open(name)).keys()).filter((r) => new URL(r.url).pathname.startsWith("/app")).length;
        }
        return n;
      });
    await expect.poll(kept).toBeGreaterThan(0);
    // The session ends elsewhere ("sign out everywhere" on another device): the next
    // load of an /app page lands on sign-in, and the kept pages go.
    await page.request.post("/api/auth/sign-out-everywhere", { headers: { "sec-fetch-site": "same-origin" } });
    await page.goto("/app/account");
    await expect(page).toHaveURL(/\/login/);
    await expect.poll(kept).toBe(0);
  });

  test("hashed assets are cached for a year and compressed", async ({ page, request }) => {
    await page.goto("/");
    await waitForHydration(page); // the WASM has been fetched, so its entry exists
    const wasm = await page.evaluate(
      () => performance.getEntriesByType("resource").map((e) => e.name).find((n) => n.endsWith(".wasm"))!
    );
    const res = await request.get(new URL(wasm).pathname, { headers: { "accept-encoding": "br, gzip" } });
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("immutable");
    expect(["br", "gzip"]).toContain(res.headers()["content-encoding"]);
    expect(res.headers()["content-type"]).toContain("application/wasm");
  });
});

test("Chromium reports the app installable", async ({ baseURL }) => {
  // Installability is never reported in incognito, which is what test contexts are,
  // so this one uses a real (temporary) profile.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "pulse-pwa-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    locale: "ar-JO",
  });
  try {
    const page = await context.newPage();
    await page.goto(`${baseURL}/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors, { timeout: 15_000 })
      .toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
