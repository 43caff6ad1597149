import { test, expect, Page } from "@playwright/test";
import { besideCutFetches, followLink, holdRequests, linkFromMail, signIn, uniqueEmail, waitForHydration, watchCodeFetches, watchForErrors } from "./helpers";

async function tokensUsed(page: Page): Promise<string> {
  return (await page.getByTestId("meter-tokens").locator(".meter-value").textContent()) ?? "";
}

test("chat in Arabic with the demo model: it streams, stops, persists, and the meter moves", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("chat"), "/app/chat");
  await page.goto("/app/chat");
  await waitForHydration(page);
  const before = await tokensUsed(page);

  await page.getByTestId("model-select").selectOption("demo:pulse-demo");
  const input = page.getByTestId("chat-input");
  expect(await input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  await input.fill("ما هي أجمل الأماكن في البتراء؟");
  await input.press("Enter");

  const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').first();
  await expect(answer).toBeVisible();
  // It streams: the text grows while the answer is being written.
  await expect(answer).toHaveAttribute("data-status", "streaming");
  const early = (await answer.textContent())?.length ?? 0;
  await expect.poll(async () => (await answer.textContent())?.length ?? 0).toBeGreaterThan(early);
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(answer).toContainText("النموذج التجريبي");
  // The Arabic paragraph is RTL, the code block LTR.
  await expect(answer.locator(".md-block").first()).toHaveAttribute("dir", "rtl");
  await expect(answer.locator(".code-block")).toHaveAttribute("dir", "ltr");
  await expect(answer.getByTestId("message-cost")).toBeVisible();
  await expect.poll(() => tokensUsed(page)).not.toBe(before);

  // Stop one mid-answer: it ends as stopped, with its cost.
  await input.fill("اكتب لي قصة قصيرة عن عمّان");
  await page.getByTestId("chat-send").click();
  const second = page.locator('[data-testid="chat-message"][data-role="assistant"]').nth(1);
  await expect(second).toHaveAttribute("data-status", "streaming");
  await expect.poll(async () => (await second.textContent())?.length ?? 0).toBeGreaterThan(10);
  await page.getByTestId("chat-stop").click();
  await expect(second).toHaveAttribute("data-status", "stopped", { timeout: 15_000 });
  await expect(second.getByTestId("message-stopped")).toBeVisible();
  await expect(second.getByTestId("message-cost")).toBeVisible();

  // Reload: the conversation is in the list and opens with its messages.
  expect(page.url()).toMatch(/\/app\/chat\?c=\d+/);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("conversation-item").first()).toContainText("ما هي أجمل الأماكن في البتراء؟");
  await expect(page.getByTestId("chat-message")).toHaveCount(4);
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').nth(1)).toHaveAttribute("data-status", "stopped");
  expect(errors).toEqual([]);
});

test("a streamed answer renders only itself: earlier messages keep their nodes, and the finished answer is announced once", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("keyed"), "/app/chat");
  await page.goto("/app/chat");
  await waitForHydration(page);
  await page.getByTestId("model-select").selectOption("demo:pulse-demo");
  const input = page.getByTestId("chat-input");
  await input.fill("مرحبا");
  await input.press("Enter");
  const answers = page.locator('[data-testid="chat-message"][data-role="assistant"]');
  await expect(answers.first()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(page.getByTestId("chat-announce")).toContainText("النموذج التجريبي");

  // Watch the first turn while the second answer streams: its elements, the text of its
  // bodies (rendered markdown), and what the live region says.
  await page.evaluate(() => {
    const w = window as any;
    w.__earlier = Array.from(document.querySelectorAll('[data-testid="chat-message"]'));
    w.__bodyChanges = 0;
    w.__said = [];
    const bodies = new MutationObserver((records) => (w.__bodyChanges += records.length));
    for (const el of w.__earlier) {
      bodies.observe(el.querySelector(".message-body"), { subtree: true, childList: true, characterData: true });
    }
    const region = document.querySelector('[data-testid="chat-announce"]')!;
    new MutationObserver(() => w.__said.push(region.textContent)).observe(region, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  await input.fill("اكتب لي قصة قصيرة عن عمّان");
  await input.press("Enter");
  const second = answers.nth(1);
  await expect(second).toHaveAttribute("data-status", "streaming");
  await expect.poll(async () => (await second.textContent())?.length ?? 0).toBeGreaterThan(40);
  await expect(second).toHaveAttribute("data-status", "complete", { timeout: 30_000 });

  const seen = await page.evaluate(() => {
    const w = window as any;
    const now = Array.from(document.querySelectorAll('[data-testid="chat-message"]'));
    return {
      count: now.length,
      same: w.__earlier.every((el: Element, i: number) => now[i] === el),
      bodyChanges: w.__bodyChanges,
      said: (w.__said as string[]).filter((t) => t.trim() !== ""),
    };
  });
  expect(seen.count).toBe(4);
  // The same element objects, and not one change inside their rendered text.
  expect(seen.same).toBe(true);
  expect(seen.bodyChanges).toBe(0);
  // The live region spoke once, when the answer was finished, and said the answer.
  expect(seen.said.length).toBe(1);
  expect(seen.said[0]).toContain("النموذج التجريبي");
  expect(errors).toEqual([]);
});

test("the server renders a conversation's markdown; the browser fetches the parser only for text that changes", async ({ page }) => {
  const errors = watchForErrors(page);
  const fetched = watchCodeFetches(page);
  const markdownModule = () => fetched.filter((p) => /^\/pkg\/split_+markdown_module/.test(p)).length;
  const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').first();
  await signIn(page, uniqueEmail("markdown"), "/app/chat");

  // Two conversations, each started on a fresh page: typing fetches the markdown module
  // (not the page's load), and the answers render as markdown.
  for (const [question, bold] of [["Hello there", "demo model"], ["مرحبا", "النموذج التجريبي"]]) {
    fetched.length = 0;
    await page.goto("/app/chat");
    await waitForHydration(page);
    expect(markdownModule()).toBe(0);
    await page.getByTestId("model-select").selectOption("demo:pulse-demo");
    await page.getByTestId("chat-input").fill(question);
    await expect.poll(markdownModule).toBe(1);
    await page.getByTestId("chat-input").press("Enter");
    await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
    await expect(answer.locator("strong")).toHaveText(bold);
    await expect(answer.locator(".code-block")).toHaveAttribute("dir", "ltr");
    await expect(page).toHaveURL(/\/app\/chat\?c=\d+/);
  }

  // Opened from the server: its HTML stands as sent, and nothing is parsed in the browser.
  fetched.length = 0;
  await page.reload();
  await waitForHydration(page);
  await expect(answer.locator("strong")).toHaveText("النموذج التجريبي");
  await expect(answer.locator(".md-block").first()).toHaveAttribute("dir", "rtl");
  await expect(answer.locator(".code-block")).toHaveAttribute("dir", "ltr");
  expect(markdownModule()).toBe(0);

  // Regenerated without a keystroke (nothing fetched the module ahead): the new answer
  // fetches it and renders.
  await page.getByTestId("chat-regenerate").click();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(answer.locator("strong")).toHaveText("النموذج التجريبي");
  expect(markdownModule()).toBe(1);

  // Opened in this tab (client-side): rendered by the module, not fetched again.
  await page.evaluate(() => ((window as any).__noReload = true));
  await page.getByTestId("conversation-item").filter({ hasText: "Hello there" }).click();
  await expect(answer.locator("strong")).toHaveText("demo model");
  await expect(answer.locator(".code-block")).toHaveAttribute("dir", "ltr");
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  expect(markdownModule()).toBe(1);
  expect(errors).toEqual([]);
});

test.describe("with the markdown module's fetch failing", () => {
  // Requests the service worker makes are out of the page's routing: block it here.
  test.use({ serviceWorkers: "block" });

  test("when the markdown module cannot be fetched, answers show as plain text and render once it arrives", async ({ page }) => {
    const errors = watchForErrors(page);
    await signIn(page, uniqueEmail("markdown-offline"), "/app/chat");
    await page.goto("/app/chat");
    await waitForHydration(page);
    // The connection drops for the markdown module (and only for it).
    const module = /\/pkg\/split_+markdown_module/;
    await page.route(module, (route) => route.abort("internetdisconnected"));
    await page.getByTestId("model-select").selectOption("demo:pulse-demo");
    const input = page.getByTestId("chat-input");
    await input.fill("Hello there");
    await input.press("Enter");
    const answers = page.locator('[data-testid="chat-message"][data-role="assistant"]');
    // It streams as text the user can read meanwhile.
    await expect(answers.first()).toHaveAttribute("data-status", "streaming");
    const body = answers.first().locator(".message-body");
    await expect.poll(async () => (await body.textContent())?.length ?? 0).toBeGreaterThan(20);
    await expect(answers.first()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
    // The whole answer is there, as plain text: its marks unparsed, nothing lost.
    await expect(answers.first()).toContainText("This is Pulse's **demo model**");
    await expect(answers.first()).toContainText('print("Hello from Pulse")');
    await expect(answers.first().locator("strong")).toHaveCount(0);
    // The page still works: the connection is back, the module arrives, and both answers
    // render.
    await page.unroute(module);
    await input.fill("One more");
    await input.press("Enter");
    await expect(answers.nth(1)).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
    // (The module is fetched again on its own 3, 6, 12 … s after a failure.)
    await expect(answers.nth(1).locator("strong")).toHaveText("demo model", { timeout: 30_000 });
    await expect(answers.first().locator("strong")).toHaveText("demo model", { timeout: 30_000 });
    await expect(answers.first().locator(".code-block")).toHaveAttribute("dir", "ltr");
    // Only the failed fetch was reported (by the browser and the module loader), no panic.
    expect(besideCutFetches(errors)).toEqual([]);
  });
});

test("markdown from the model renders inert", async ({ page }) => {
  await signIn(page, uniqueEmail("xss"), "/app/chat");
  await page.goto("/app/chat");
  await waitForHydration(page);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs += 1;
    d.dismiss();
  });
  // The demo quotes the question: put the payloads in it.
  await page.getByTestId("chat-input").fill('<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(2)</script>');
  await page.getByTestId("chat-send").click();
  const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').first();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  expect(await page.locator(".messages img, .messages script").count()).toBe(0);
  expect(await page.locator('.messages a[href^="javascript"]').count()).toBe(0);
  expect(dialogs).toBe(0);
});

test("a conversation's settings: rename, system prompt and delete each send one request a press, on the page", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("settings"), "/app/chat");
  await page.goto("/app/chat");
  await waitForHydration(page);
  await page.getByTestId("chat-input").fill("مرحبا");
  await page.getByTestId("chat-send").click();
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').first()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await page.locator("details.chat-settings > summary").click();
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  // Held on its way: the button is busy, and another submit sends nothing more.
  const renames = await holdRequests(page, "**/api/chat/rename");
  await page.getByTestId("chat-title-input").fill("رحلة إلى البتراء");
  const rename = page.getByTestId("chat-rename");
  await rename.click();
  await expect(rename).toBeDisabled();
  await expect(rename).toHaveAttribute("aria-busy", "true");
  await page.locator("form:has([data-testid=chat-rename])").dispatchEvent("submit");
  renames.release();
  await expect(rename).toBeEnabled();
  expect(renames.count()).toBe(1);

  const saveSystem = page.locator("form:has([data-testid=chat-system])");
  await page.getByTestId("chat-system").fill("أجب باختصار وبالعربية");
  await saveSystem.getByRole("button").click();
  await expect(saveSystem.getByRole("status")).toHaveText("حُفظت التغييرات.");
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // Both kept: the page drawn again from the server has them.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("conversation-item").first()).toHaveText("رحلة إلى البتراء");
  await page.locator("details.chat-settings > summary").click();
  await expect(page.getByTestId("chat-title-input")).toHaveValue("رحلة إلى البتراء");
  await expect(page.getByTestId("chat-system")).toHaveValue("أجب باختصار وبالعربية");

  // Deleting asks first, in the page's language; "cancel" sends nothing, leaves the page as
  // it was and gives the focus back to the button that asked.
  const deletes: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/chat/delete")) deletes.push(r.url());
  });
  await page.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true));
  await page.getByTestId("chat-delete").click();
  await expect(page.getByText("أتحذف هذه المحادثة ورسائلها نهائيًا؟")).toBeVisible();
  await expect(page.getByTestId("chat-delete-confirm")).toHaveAccessibleDescription("أتحذف هذه المحادثة ورسائلها نهائيًا؟");
  await page.getByTestId("chat-delete-keep").click();
  await expect(page.getByTestId("chat-delete-confirm")).toBeHidden();
  await expect(page.getByTestId("chat-delete")).toBeFocused();
  expect(deletes).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await expect(page.getByTestId("conversation-item")).toHaveCount(1);
  // Deleted: back to a new chat, and the conversation is gone from the list.
  await page.getByTestId("chat-delete").click();
  await page.getByTestId("chat-delete-confirm").click();
  await expect(page).toHaveURL(/\/app\/chat$/);
  await expect(page.getByTestId("conversation-item")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a message is answered through the plain form, and the conversation deleted through its own", async ({ page }) => {
    await page.goto("/login");
    await page.getByTestId("login-email").fill(uniqueEmail("nojs-chat"));
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-sent")).toBeVisible();
    await followLink(page, linkFromMail());
    await page.goto("/app/chat");
    await page.getByTestId("chat-input").fill("مرحبا");
    await page.getByTestId("chat-send").click();
    await expect(page).toHaveURL(/\/app\/chat\?c=\d+/, { timeout: 30_000 });
    await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toContainText("النموذج التجريبي");
    // Deleting asks first here too; "cancel" is a link back to the page as it was, and the
    // form deletes.
    await expect(page.getByTestId("conversation-item")).toHaveCount(1);
    await page.locator("details.chat-settings > summary").click();
    await page.getByTestId("chat-delete").click();
    await page.getByTestId("chat-delete-keep").click();
    await expect(page.getByTestId("chat-delete-confirm")).toBeHidden();
    await expect(page.getByTestId("conversation-item")).toHaveCount(1);
    await page.locator("details.chat-settings > summary").click();
    await page.getByTestId("chat-delete").click();
    await page.getByTestId("chat-delete-confirm").click();
    await expect(page.getByTestId("conversation-item")).toHaveCount(0);
    await expect(page.locator('[data-testid="chat-message"]')).toHaveCount(0);
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test("the conversation and the composer own the screen; the meters are a pill that opens them", async ({ page }) => {
    const errors = watchForErrors(page);
    await signIn(page, uniqueEmail("phone-chat"), "/app/chat");
    await page.goto("/app/chat");
    await waitForHydration(page);
    // One pill instead of three meters and the reset date.
    const pill = page.getByTestId("usage-pill");
    await expect(pill).toBeVisible();
    await expect(pill).toContainText("٪");
    await expect(page.getByTestId("meter-tokens")).toBeHidden();
    await pill.click();
    await expect(page.getByTestId("meter-tokens")).toBeVisible();
    await expect(page.getByTestId("meter-reset")).toBeVisible();
    await pill.click();
    await expect(page.getByTestId("meter-tokens")).toBeHidden();
    const unused = (await pill.textContent())!;

    // A question and its answer: the answer starts on the first screen, above the composer.
    await page.getByTestId("model-select").selectOption("demo:pulse-demo");
    await page.getByTestId("chat-input").fill("مرحبا");
    await page.getByTestId("chat-input").press("Enter");
    const answer = page.locator('[data-testid="chat-message"][data-role="assistant"]').first();
    await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
    // A fraction of a percent used is not "0 %".
    await expect(pill).not.toHaveText(unused);
    await page.evaluate(() => window.scrollTo(0, 0));
    const composer = (await page.locator(".composer").boundingBox())!;
    const first = (await page.getByTestId("chat-message").first().boundingBox())!;
    expect(composer.y + composer.height).toBeLessThanOrEqual(740);
    expect(first.y).toBeLessThan(composer.y);
    // Nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});
