import { test, expect, Page } from "@playwright/test";
import * as fs from "fs";
import { buyPlan, holdRequests, signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

// The image studio: two demo images (the meter moves by two), one opened in the editor,
// cropped to 1:1, Arabic text added, exported as a square PNG whose pixels under the
// text changed, then saved and found in the gallery; the editor on a phone; and Creator's
// advanced editors (a second text layer, outline/shadow, brightness/contrast), locked on a
// trial.

/** Width and height from a PNG's IHDR. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The RGBA pixels of a PNG, decoded by the page's own browser. */
async function decode(page: Page, bytes: Buffer): Promise<{ w: number; h: number; data: number[] }> {
  // Through an <img>: the page's policy lets images come from data: but not fetches.
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = c.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    return { w: c.width, h: c.height, data: Array.from(ctx.getImageData(0, 0, c.width, c.height).data) };
  }, bytes.toString("base64"));
}

async function generateTwo(page: Page) {
  await page.getByTestId("image-prompt").fill("فنجان قهوة عربية على طاولة خشبية");
  await page.getByTestId("image-count").selectOption("2");
  await page.getByTestId("image-aspect").selectOption("16:9");
  await expect(page.getByTestId("image-cost")).toContainText("صورتين");
  await page.getByTestId("image-generate").click();
  await expect(page.getByTestId("image-result")).toHaveCount(2, { timeout: 20_000 });
  await expect(page.getByTestId("image-generate")).toBeEnabled();
}

test("two demo images, one cropped to a square with Arabic text, exported and saved to the gallery", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("image"), "/app/image");
  await page.goto("/app/image");
  await waitForHydration(page);
  await expect(page.getByTestId("meter-images")).toContainText("0 / 3");
  await generateTwo(page);
  await expect(page.getByTestId("meter-images")).toContainText("2 / 3");
  await expect(page.getByTestId("image-gallery-item")).toHaveCount(2);

  // A wide picture, cropped to a square.
  await page.getByTestId("image-result").first().getByTestId("image-edit").click();
  const editor = page.getByTestId("image-editor");
  await expect(editor).toBeVisible();
  const root = editor.locator("[data-ready=true]");
  await expect(root).toBeVisible({ timeout: 20_000 });
  expect(Number(await root.getAttribute("data-width"))).toBeGreaterThan(Number(await root.getAttribute("data-height")));
  await editor.getByTestId("editor-crop-1x1").click();
  await expect.poll(async () => (await root.getAttribute("data-width")) === (await root.getAttribute("data-height"))).toBe(true);
  const side = Number(await root.getAttribute("data-width"));

  // Without text first, to compare pixels.
  const [plain] = await Promise.all([page.waitForEvent("download"), editor.getByTestId("editor-export").click()]);
  const plainBytes = fs.readFileSync((await plain.path())!);
  expect(pngSize(plainBytes)).toEqual([side, side]);

  await editor.getByTestId("editor-add-text").click();
  await editor.getByTestId("editor-text-input").fill("مرحبا بالعالم");
  await editor.getByTestId("editor-undo").click();
  await editor.getByTestId("editor-redo").click();
  await expect(editor.getByTestId("editor-text-input")).toHaveValue("مرحبا بالعالم");
  const [withText] = await Promise.all([page.waitForEvent("download"), editor.getByTestId("editor-export").click()]);
  expect(withText.suggestedFilename()).toMatch(/\.png$/);
  const textBytes = fs.readFileSync((await withText.path())!);
  expect(pngSize(textBytes)).toEqual([side, side]);
  // The text sits in the middle: pixels there changed, the corners did not.
  const a = await decode(page, plainBytes);
  const b = await decode(page, textBytes);
  const at = (img: { w: number; data: number[] }, x: number, y: number) => img.data.slice((y * img.w + x) * 4, (y * img.w + x) * 4 + 4);
  let changed = 0;
  for (let y = Math.floor(side * 0.4); y < side * 0.6; y += 2) {
    for (let x = Math.floor(side * 0.2); x < side * 0.8; x += 2) {
      if (at(a, x, y).some((v, i) => Math.abs(v - at(b, x, y)[i]) > 24)) changed++;
    }
  }
  expect(changed).toBeGreaterThan(50);
  expect(at(b, 2, 2)).toEqual(at(a, 2, 2));

  await editor.getByTestId("editor-save").click();
  await expect(page.getByTestId("image-gallery-item")).toHaveCount(3, { timeout: 15_000 });
  // Saving is free: the meter did not move.
  await expect(page.getByTestId("meter-images")).toContainText("2 / 3");
  const first = page.getByTestId("image-gallery-item").first().locator("img");
  await expect(first).toHaveAttribute("width", String(side));
  await expect(first).toHaveAttribute("height", String(side));
  expect(errors).toEqual([]);
});

/** A PNG that is only its signature and header: `w`×`h` pixels said, none sent. */
function pngHeader(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write("IHDR", 4, "ascii");
  ihdr.writeUInt32BE(w, 8);
  ihdr.writeUInt32BE(h, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}

test("the editor refuses a file that is not an image, and one too large, before decoding it", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("image-bad"), "/app/image");
  await page.goto("/app/image");
  await waitForHydration(page);
  await page.getByTestId("image-open-editor").click();
  const editor = page.getByTestId("image-editor");
  await expect(editor.getByTestId("editor-empty")).toBeVisible({ timeout: 20_000 });
  await editor.getByTestId("editor-file").setInputFiles({ name: "ملاحظات.txt", mimeType: "text/plain", buffer: Buffer.from("ليست صورة") });
  await expect(editor.getByTestId("editor-error")).toContainText("ليس صورة PNG أو JPEG أو WebP");
  // 5000 × 5000 = 25 MP, over the limit: refused from the header alone.
  await editor.getByTestId("editor-file").setInputFiles({ name: "كبيرة.png", mimeType: "image/png", buffer: pngHeader(5000, 5000) });
  await expect(editor.getByTestId("editor-error")).toContainText("أكبر من أن تُحرَّر هنا");
  await expect(editor.locator("[data-ready=true]")).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** A 320 × 200 PNG drawn by the page's browser. */
async function smallPng(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(320, 200);
    const g = c.getContext("2d")!;
    g.fillStyle = "#1f4e5a";
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = "#f2c14e";
    g.fillRect(0, 0, 100, 200);
    const bytes = new Uint8Array(await (await c.convertToBlob({ type: "image/png" })).arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(b64, "base64");
}

/** Opens the editor on the image page with a picture from the "device". */
async function openEditorWithPng(page: Page) {
  await page.goto("/app/image");
  await waitForHydration(page);
  await page.getByTestId("image-open-editor").click();
  const editor = page.getByTestId("image-editor");
  await expect(editor.getByTestId("editor-empty")).toBeVisible({ timeout: 20_000 });
  await editor.getByTestId("editor-file").setInputFiles({ name: "صورة.png", mimeType: "image/png", buffer: await smallPng(page) });
  const root = editor.locator("[data-ready=true]");
  await expect(root).toHaveAttribute("data-width", "320", { timeout: 20_000 });
  return { editor, root };
}

test("the advanced editors are Creator's: a trial has one plain text layer and no light, Creator has them all", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("image-advanced"), "/app/image");

  // A trial (Starter's features): the light is locked with the offer.
  let { editor, root } = await openEditorWithPng(page);
  const light = editor.getByTestId("editor-light-panel");
  await expect(light).toBeVisible();
  await expect(editor.getByTestId("editor-brightness")).toBeDisabled();
  await expect(editor.getByTestId("editor-contrast")).toBeDisabled();
  const lightLock = light.getByTestId("feature-locked");
  await expect(lightLock).toBeVisible();
  await expect(lightLock).toHaveAttribute("data-feature", "advanced_editors");
  await expect(lightLock).toContainText("السطوع والتباين متاحان في باقة المبدع");
  await expect(lightLock.getByTestId("upgrade-cta")).toHaveAttribute("href", "/app/account#plans");
  // Everyone's tools still work.
  await editor.getByTestId("editor-crop-1x1").click();
  await expect(root).toHaveAttribute("data-width", "200");
  await editor.getByTestId("editor-rotate").click();
  // One text layer, without effects.
  await editor.getByTestId("editor-add-text").click();
  await editor.getByTestId("editor-text-input").fill("مرحبا");
  await expect(root).toHaveAttribute("data-texts", "1");
  const textPanel = editor.getByTestId("editor-text-panel");
  await expect(editor.getByTestId("editor-text-outline")).toBeDisabled();
  await expect(editor.getByTestId("editor-text-shadow")).toBeDisabled();
  await expect(editor.getByTestId("editor-text-shadow")).not.toBeChecked();
  await expect(textPanel.getByTestId("feature-locked")).toHaveAttribute("data-locked", "text-effects");
  // A second one is refused, with a note (not silently), and nothing is added.
  const layersLock = editor.locator('[data-testid="feature-locked"][data-locked="text-layers"]');
  await expect(layersLock).toBeHidden();
  await editor.getByTestId("editor-add-text").click();
  await expect(layersLock).toBeVisible();
  await expect(layersLock).toContainText("طبقة نص واحدة");
  await expect(layersLock.getByTestId("upgrade-cta")).toHaveAttribute("href", "/app/account#plans");
  await expect(root).toHaveAttribute("data-texts", "1");
  await expect(editor.getByTestId("editor-text-input")).toHaveValue("مرحبا");
  // Export still works, and the next action clears the note.
  const [plain] = await Promise.all([page.waitForEvent("download"), editor.getByTestId("editor-export").click()]);
  expect(pngSize(fs.readFileSync((await plain.path())!))).toEqual([200, 200]);
  await editor.getByTestId("editor-flip-h").click();
  await expect(layersLock).toBeHidden();
  await editor.getByTestId("editor-close").click();

  // The same user on Creator: nothing is locked.
  await buyPlan(page, "creator");
  ({ editor, root } = await openEditorWithPng(page));
  await expect(editor.getByTestId("feature-locked")).toHaveCount(0);
  await expect(editor.getByTestId("editor-brightness")).toBeEnabled();
  await editor.getByTestId("editor-brightness").fill("30");
  await expect(editor.getByTestId("editor-brightness-value")).toHaveText("30");
  await editor.getByTestId("editor-contrast").fill("-20");
  await expect(editor.getByTestId("editor-contrast-value")).toHaveText("-20");
  await editor.getByTestId("editor-add-text").click();
  await editor.getByTestId("editor-text-input").fill("الأول");
  await expect(editor.getByTestId("editor-text-shadow")).toBeChecked();
  await editor.getByTestId("editor-text-outline").check();
  await editor.getByTestId("editor-add-text").click();
  await expect(root).toHaveAttribute("data-texts", "2");
  // Undo takes the second layer away, redo brings it back.
  await editor.getByTestId("editor-undo").click();
  await expect(root).toHaveAttribute("data-texts", "1");
  await editor.getByTestId("editor-redo").click();
  await expect(root).toHaveAttribute("data-texts", "2");
  const [styled] = await Promise.all([page.waitForEvent("download"), editor.getByTestId("editor-export").click()]);
  expect(pngSize(fs.readFileSync((await styled.path())!))).toEqual([320, 200]);
  expect(errors).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test("the editor fits 360 px and works by touch", async ({ page }) => {
    const errors = watchForErrors(page);
    await signIn(page, uniqueEmail("image-phone"), "/app/image");
    await page.goto("/app/image");
    await waitForHydration(page);
    await page.getByTestId("image-prompt").fill("نخلة في وادي رم");
    await page.getByTestId("image-generate").tap();
    await expect(page.getByTestId("image-result")).toHaveCount(1, { timeout: 20_000 });
    await page.getByTestId("image-result").getByTestId("image-edit").tap();
    const editor = page.getByTestId("image-editor");
    const root = editor.locator("[data-ready=true]");
    await expect(root).toBeVisible({ timeout: 20_000 });
    // Nothing sticks out of the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await editor.getByTestId("editor-crop-1x1").tap();
    await editor.getByTestId("editor-rotate").tap();
    await editor.getByTestId("editor-add-text").tap();
    await editor.getByTestId("editor-text-input").fill("مرحبا Pulse 2026");
    await expect(editor.getByTestId("editor-undo")).toBeEnabled();
    for (const id of ["editor-crop-1x1", "editor-rotate", "editor-add-text", "editor-undo", "editor-export", "editor-save"]) {
      const box = await editor.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
      expect(box!.height, id).toBeGreaterThanOrEqual(40);
    }
    await editor.getByTestId("editor-save").tap();
    await expect(page.getByTestId("image-gallery-item")).toHaveCount(2, { timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});

test("the 80 % banner goes with one press, without leaving the page, and stays gone", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("banner"), "/app/image");
  await page.goto("/app/image");
  await waitForHydration(page);
  await expect(page.getByTestId("warning-banner")).toHaveCount(0);
  // The trial's three images: past 80 % (and at the limit).
  await page.getByTestId("image-prompt").fill("شروق الشمس فوق وادي رم");
  await page.getByTestId("image-count").selectOption("3");
  await page.getByTestId("image-generate").click();
  await expect(page.getByTestId("image-result")).toHaveCount(3, { timeout: 20_000 });
  await expect(page.getByTestId("meter-images")).toContainText("3 / 3");
  const banner = page.getByTestId("warning-banner");
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText("80٪");
  await expect(page.getByTestId("quota-banner")).toHaveCount(1);
  // The page stays: the hydrated form sends the action instead of posting. While it is
  // on its way the button is busy, and a second press sends nothing more.
  const posts = await holdRequests(page, "**/api/usage/dismiss-warning");
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const ok = banner.getByRole("button", { name: "حسنًا" });
  await ok.click();
  await expect(ok).toBeDisabled();
  await expect(ok).toHaveAttribute("aria-busy", "true");
  await ok.dispatchEvent("click");
  await banner.locator("form").dispatchEvent("submit");
  posts.release();
  await expect(banner).toHaveCount(0);
  expect(posts.count()).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  // The limit's own banner is another matter: it stays, with its way out.
  await expect(page.getByTestId("quota-banner")).toHaveCount(1);
  await expect(page.getByTestId("image-result")).toHaveCount(3);
  await page.goto("/app/chat");
  await expect(page.getByTestId("meter-images")).toContainText("3 / 3");
  await expect(page.getByTestId("warning-banner")).toHaveCount(0);
  expect(errors).toEqual([]);
});
