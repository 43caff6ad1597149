import { test, expect } from "@playwright/test";
import { TABS, besideCutFetches, expectArabic, expectEnglish, signIn, uniqueEmail, waitForHydration, watchCodeFetches, watchForErrors } from "./helpers";

const TITLES: Record<string, [string, string]> = {
  chat: ["المحادثة", "Chat"],
  cv: ["السيرة الذاتية", "CV"],
  slides: ["العروض التقديمية", "Slides"],
  image: ["استوديو الصور", "Image studio"],
  video: ["استوديو الفيديو", "Video studio"],
  account: ["الحساب", "Account"],
};

test.describe("app shell", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, uniqueEmail("shell"));
    await expect(page).toHaveURL(/\/app\/chat$/);
  });

  for (const tab of TABS) {
    test(`/app/${tab} renders its title and empty state (or its lock) in both languages`, async ({ page, context }) => {
      const errors = watchForErrors(page);
      await page.goto(`/app/${tab}`);
      await expectArabic(page);
      await expect(page.getByTestId("page-title")).toHaveText(TITLES[tab][0]);
      // The trial is Starter: the slide maker shows its lock and the upgrade offer.
      const shown = tab === "account" ? "account-email" : tab === "slides" ? "slides-locked" : "empty-state";
      await expect(page.getByTestId(shown)).toBeVisible();
      await expect(page.getByTestId(`nav-${tab}`)).toHaveAttribute("aria-current", "page");
      // A new account is on the trial: its meters are on every tool page.
      await expect(page.getByTestId("meter-tokens")).toContainText("الرموز");
      await expect(page.getByTestId("meter-tokens")).toContainText("0 / 20,000");
      await expect(page.getByTestId("meter-images")).toContainText("0 / 3");
      await expect(page.getByTestId("meter-videos")).toContainText("0 / 1");
      await expect(page.getByTestId("meter-reset")).toContainText("يتجدد الرصيد في");
      await context.addCookies([{ name: "lang", value: "en", url: page.url() }]);
      await page.reload();
      await expectEnglish(page);
      await expect(page.getByTestId("page-title")).toHaveText(TITLES[tab][1]);
      await waitForHydration(page);
      expect(errors).toEqual([]);
    });
  }

  test("tabs navigate client-side after hydration", async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto("/app/chat");
    await waitForHydration(page);
    await page.evaluate(() => ((window as any).__noReload = true));
    for (const tab of TABS) {
      await page.getByTestId(`nav-${tab}`).click();
      await expect(page).toHaveURL(new RegExp(`/app/${tab}$`));
      await expect(page.getByTestId("page-title")).toHaveText(TITLES[tab][0]);
      await expect(page.getByTestId(`nav-${tab}`)).toHaveAttribute("aria-current", "page");
    }
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
    expect(errors).toEqual([]);
  });

  test("the chat page loads no other page's code or text; a tool's module and text arrive when its tab opens", async ({ page }) => {
    // Away from the chat page the sign-in left open first: its script, run when it is idle,
    // would otherwise be counted here.
    await page.goto("about:blank");
    const errors = watchForErrors(page);
    const fetched = watchCodeFetches(page);
    const texts = () => fetched.filter((p) => p.startsWith("/i18n/"));
    await page.goto("/app/chat");
    await waitForHydration(page);
    // The main bundle only: no page's module, no chunk the lazy pages share, no editor,
    // no admin console; and the Arabic text of the main bundle's pages only.
    expect(fetched.some((p) => /^\/pkg\/pulse\.[0-9a-f]{20}\.wasm$/.test(p)), fetched.join(" ")).toBe(true);
    const others = fetched.filter((p) => /split___|\/chunk_|pulse_editor|pulse_admin/.test(p));
    expect(others, others.join(" ")).toEqual([]);
    expect(texts()).toEqual([expect.stringMatching(/^\/i18n\/ar\.main\.[0-9a-f]{20}\.bin$/)]);
    await expect(page.getByTestId("chat-send")).toHaveText("أرسل");

    // Client-side navigation to the image studio fetches its module, and only its own, with
    // the pages' text: the studio is drawn with its words, never empty or with a key.
    await page.getByTestId("nav-image").click();
    await expect(page.getByTestId("image-prompt")).toBeVisible();
    await expect(page.getByTestId("image-prompt")).toHaveAttribute("placeholder", /فنجان قهوة عربية/);
    await expect(page.getByTestId("image-generate")).toHaveText("أنشئ");
    expect(fetched.some((p) => /^\/pkg\/split___image_pages_/.test(p)), fetched.join(" ")).toBe(true);
    expect(fetched.filter((p) => /split___(cv|slides|video|account|public)_pages_/.test(p))).toEqual([]);
    expect(texts()).toEqual([
      expect.stringMatching(/^\/i18n\/ar\.main\.[0-9a-f]{20}\.bin$/),
      expect.stringMatching(/^\/i18n\/ar\.pages\.[0-9a-f]{20}\.bin$/),
    ]);
    // Back to chat and on to the video studio: the image module is not fetched again.
    const imageFetches = fetched.filter((p) => /split___image_pages_/.test(p)).length;
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("nav-video").click();
    await expect(page.getByTestId("page-title")).toHaveText(TITLES.video[0]);
    expect(fetched.some((p) => /^\/pkg\/split___video_pages_/.test(p)), fetched.join(" ")).toBe(true);
    await page.getByTestId("nav-image").click();
    await expect(page.getByTestId("image-prompt")).toBeVisible();
    expect(fetched.filter((p) => /split___image_pages_/.test(p)).length).toBe(imageFetches);
    // The pages' text came once, for every tool.
    expect(texts().length).toBe(2);
    expect(errors).toEqual([]);
  });

  test("a page's HTML asks for none of its code (no preload), and a lazy page opened first still hydrates", async ({ page }) => {
    await page.goto("about:blank"); // (as above: not the sign-in's page's fetches)
    const errors = watchForErrors(page);
    const wasm: string[] = [];
    const texts: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
      if (new URL(r.url()).pathname.startsWith("/i18n/")) texts.push(new URL(r.url()).pathname);
    });
    await page.goto("/app/cv", { waitUntil: "commit" });
    // No hint makes the browser fetch a bundle while it draws the page: the bundle and
    // the page's module are fetched once the page is idle (see "Paint first" in ARCHITECTURE).
    await expect(page.getByTestId("page-title")).toHaveText(TITLES.cv[0]);
    expect(await page.locator('link[rel="preload"][href^="/pkg/"], link[rel="modulepreload"]').count()).toBe(0);
    await waitForHydration(page);
    expect(wasm.some((p) => /^\/pkg\/pulse\.[0-9a-f]{20}\.wasm$/.test(p)), wasm.join(" ")).toBe(true);
    expect(wasm.some((p) => /^\/pkg\/split___cv_pages_/.test(p)), wasm.join(" ")).toBe(true);
    // A page whose code is split off: its script fetched the pages' text with the main text.
    expect(texts.sort()).toEqual([
      expect.stringMatching(/^\/i18n\/ar\.main\.[0-9a-f]{20}\.bin$/),
      expect.stringMatching(/^\/i18n\/ar\.pages\.[0-9a-f]{20}\.bin$/),
    ]);
    // Hydrated: a client-side tab switch, no reload.
    await page.evaluate(() => ((window as any).__noReload = true));
    await page.getByTestId("nav-slides").click();
    await expect(page.getByTestId("page-title")).toHaveText(TITLES.slides[0]);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
    expect(errors).toEqual([]);
  });

  test("pages that share a lazy module open the right page, with or without a trailing slash", async ({ page }) => {
    // (A trailing-slash address is answered with the page but a 404 status, which the
    // console reports, so this test does not watch the console.)
    for (const path of ["/app/notifications", "/app/notifications/", "/app/account/"]) {
      await page.goto(path);
      await waitForHydration(page);
      const notifications = path.startsWith("/app/notifications");
      await expect(page.getByTestId(notifications ? "notif-empty" : "account-email")).toBeVisible();
    }
    await page.context().clearCookies();
    await page.goto("/login/");
    await expect(page.getByTestId("login-email")).toBeVisible();
  });

  test("phones get a bottom tab bar, desktops a sidebar on the start side", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/app/chat");
    const nav = page.locator("nav.app-nav");
    let box = (await nav.boundingBox())!;
    expect(box.y + box.height).toBeGreaterThanOrEqual(739);
    expect(box.width).toBeGreaterThanOrEqual(359);
    // nothing overflows sideways at 360 px
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.setViewportSize({ width: 1280, height: 800 });
    box = (await nav.boundingBox())!;
    // RTL: the start side is the right
    expect(box.x + box.width).toBeGreaterThanOrEqual(1279);
    expect(box.height).toBeGreaterThanOrEqual(799);
  });

  test("unknown pages answer 404 in both languages", async ({ page, context }) => {
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toContainText("الصفحة غير موجودة");
    await context.addCookies([{ name: "lang", value: "en", url: page.url() }]);
    const res2 = await page.goto("/app/no-such-tab");
    expect(res2?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toContainText("Page not found");
  });
});

test.describe("when a page's module cannot be fetched", () => {
  // The page's own fetches only, where the route below can cut them.
  test.use({ serviceWorkers: "block" });

  test("a tab opened by a link loads as a whole page, which hydrates once the module can be fetched", async ({ page }) => {
    const errors = watchForErrors(page);
    await signIn(page, uniqueEmail("module-offline"), "/app/chat");
    await page.goto("/app/chat");
    await waitForHydration(page);
    // The connection drops for the image studio's module (and only for it).
    const module = /\/pkg\/split___image_pages_/;
    const fetched = watchCodeFetches(page);
    await page.route(module, (route) => route.abort("internetdisconnected"));
    await page.evaluate(() => ((window as any).__noReload = true));
    await page.getByTestId("nav-image").click();
    // The server's page of the studio, from a full page load: not a blank tab, not a panic.
    await expect(page).toHaveURL(/\/app\/image$/);
    await expect(page.getByTestId("image-prompt")).toBeVisible();
    await expect(page.getByTestId("page-title")).toHaveText(TITLES.image[0]);
    expect(await page.evaluate(() => (window as any).__noReload)).toBeUndefined();
    // It asks for the module again on its own (after 1, 2, 4 … s) while its links work as
    // plain ones …
    const moduleFetches = () => fetched.filter((p) => module.test(p)).length;
    const onArrival = moduleFetches();
    await expect.poll(moduleFetches, { timeout: 20_000 }).toBeGreaterThanOrEqual(onArrival + 2);
    expect(await page.evaluate(() => document.documentElement.hasAttribute("data-hydrated"))).toBe(false);
    // … and hydrates once the connection is back.
    await page.unroute(module);
    await waitForHydration(page);
    await page.evaluate(() => ((window as any).__noReload = true));
    await page.getByTestId("nav-chat").click();
    await expect(page.getByTestId("page-title")).toHaveText(TITLES.chat[0]);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
    // Only the failed fetches were reported (by the browser and the module loader), no panic.
    expect(besideCutFetches(errors)).toEqual([]);
  });
});
