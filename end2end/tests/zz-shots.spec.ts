import { test } from "@playwright/test";
import { signIn, uniqueEmail, waitForHydration } from "./helpers";

test("shots", async ({ browser }) => {
  for (const [w, h] of [[360, 780], [1280, 900]]) {
    for (const lang of ["ar", "en"]) {
      const ctx = await browser.newContext({ viewport: { width: w, height: h } });
      const page = await ctx.newPage();
      const email = uniqueEmail("shot");
      await signIn(page, email, "/app/account");
      await page.goto("/app/chat");
      await waitForHydration(page);
      await page.screenshot({ path: `/tmp/shots/chat-${lang}-${w}.png` });
      await ctx.close();
      const actx = await browser.newContext({ viewport: { width: w, height: h } });
      await actx.addCookies([{ name: "lang", value: lang, url: "http://127.0.0.1:3107" }]);
      const a = await actx.newPage();
      await signIn(a, "admin@pulse.jo", "/admin");
      await a.context().addCookies([{ name: "lang", value: lang, url: a.url() }]);
      for (const path of ["/admin", "/admin/users", "/admin/audit", "/admin/jobs", "/app/notifications"]) {
        await a.goto(path);
        await waitForHydration(a);
        await a.screenshot({ path: `/tmp/shots/${path.replace(/\//g, "_")}-${lang}-${w}.png`, fullPage: true });
      }
      await a.goto(`/admin/users?q=${encodeURIComponent(email)}`);
      await waitForHydration(a);
      await a.getByTestId("admin-user-row").locator("a").click();
      await waitForHydration(a);
      await a.screenshot({ path: `/tmp/shots/user-${lang}-${w}.png`, fullPage: true });
      await actx.close();
    }
  }
});
