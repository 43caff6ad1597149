import { test, expect, Page, APIRequestContext } from "@playwright/test";
import * as fs from "fs";
import { watchForErrors, waitForHydration } from "./helpers";

// The image editor's own WASM module (crates/image-editor), loaded the way the host page
// loads it: pkg/editor.json names the files, import() the glue, init, mount. Any page of
// the origin will do (same CSP as the image studio).

type Assets = { js: string; wasm: string; css?: string };

async function assets(request: APIRequestContext): Promise<Assets> {
  const res = await request.get("/pkg/editor.json");
  expect(res.status()).toBe(200);
  const a = (await res.json()) as Assets;
  expect(a.js).toMatch(/^\/pkg\/pulse_editor\.[0-9a-f]{20}\.js$/);
  expect(a.wasm).toMatch(/^\/pkg\/pulse_editor\.[0-9a-f]{20}\.wasm$/);
  return a;
}

/** import() + init, as a string: the test files are compiled to CommonJS, which would turn
 *  a dynamic import inside a function into require(). The module ends up on window.__pe. */
async function loadEditor(page: Page, a: Assets) {
  await page.evaluate(
    `(async () => { const m = await import(${JSON.stringify(a.js)}); await m.default({ module_or_path: ${JSON.stringify(a.wasm)} }); window.__pe = m; })()`,
  );
}

/** Mounts the editor on a new blank element, opening a generated 400 × 300 PNG (a blob: URL). */
async function mountWithPng(page: Page, fonts: unknown[] = []) {
  await page.evaluate(async (fonts) => {
    const c = new OffscreenCanvas(400, 300);
    const g = c.getContext("2d")!;
    g.fillStyle = "#12343b";
    g.fillRect(0, 0, 400, 300);
    g.fillStyle = "#e8b04b";
    g.fillRect(0, 0, 120, 300);
    const blob = await c.convertToBlob({ type: "image/png" });
    const root = document.createElement("div");
    root.id = "editor-under-test";
    document.body.prepend(root);
    (window as any).__editor = (window as any).__pe.mount(root, {
      lang: "ar",
      labels: {},
      source_url: URL.createObjectURL(blob),
      max_pixels: 40_000_000,
      fonts,
    });
  }, fonts);
  const root = page.locator("#editor-under-test");
  await expect(root).toHaveAttribute("data-ready", "true");
  await expect(root).toHaveAttribute("data-width", "400");
  await expect(root).toHaveAttribute("data-height", "300");
  return root;
}

/** The PNG's pixel size from its IHDR chunk. */
function pngSize(buf: Buffer): [number, number] {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeTruthy();
  expect(buf.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

/** Vertical centre (0..1) of what is drawn on the overlay canvas (text layers only). */
function textCentreY(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('#editor-under-test [data-testid="editor-overlay"]')!;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) {
      if (d[i] > 128) {
        sum += Math.floor((i >> 2) / c.width);
        n++;
      }
    }
    return n ? sum / n / c.height : -1;
  });
}

test.describe("image editor module", () => {
  test("runs its pixel self-checks and resizes inside WASM", async ({ page, request }) => {
    const errors = watchForErrors(page);
    const a = await assets(request);
    await page.goto("/");
    // The landing page hydrates lazily: touch the DOM only after it has.
    await waitForHydration(page);
    await loadEditor(page, a);
    const report = JSON.parse(await page.evaluate(() => (window as any).__pe.selftest()));
    expect(report.checks.length).toBeGreaterThan(30);
    expect(report.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    const resized = await page.evaluate(() => {
      const src = new Uint8Array(400 * 300 * 4);
      for (let i = 0; i < src.length; i += 4) src.set([200, 120, 40, 255], i);
      const out: Uint8Array = (window as any).__pe.resize_rgba(src, 400, 300, 108, 81);
      let same = true;
      for (let i = 0; i < out.length; i += 4) {
        if (out[i] !== 200 || out[i + 1] !== 120 || out[i + 2] !== 40 || out[i + 3] !== 255) same = false;
      }
      return { length: out.length, same };
    });
    expect(resized).toEqual({ length: 108 * 81 * 4, same: true });
    const probe = await page.evaluate(() =>
      (window as any).__pe.probe_image(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x40, 0x01, 0xf0, 0x00])),
    );
    expect(probe).toEqual({ format: "gif", width: 320, height: 240 });
    expect(await page.evaluate(() => (window as any).__pe.probe_image(new TextEncoder().encode("<html>")))).toBeNull();
    expect(errors).toEqual([]);
  });

  test("crops to a square, adds Arabic text and exports a square PNG", async ({ page, request }) => {
    const errors = watchForErrors(page);
    const a = await assets(request);
    await page.goto("/");
    // The landing page hydrates lazily: touch the DOM only after it has.
    await waitForHydration(page);
    await loadEditor(page, a);
    const root = await mountWithPng(page);
    await expect(page.getByTestId("editor-status")).toContainText("400 × 300");
    // Mounted without `advanced`: Creator's controls are locked (the host passes the plan's).
    await expect(page.getByTestId("editor-brightness")).toBeDisabled();
    await expect(page.getByTestId("editor-light-panel").getByTestId("feature-locked")).toHaveAttribute("data-feature", "advanced_editors");

    await page.getByTestId("editor-crop-1x1").click();
    await expect(root).toHaveAttribute("data-width", "300");
    await expect(root).toHaveAttribute("data-height", "300");
    await page.getByTestId("editor-add-text").click();
    const input = page.getByTestId("editor-text-input");
    await expect(input).toBeFocused();
    await input.fill("مرحبا بالعالم");
    expect(await root.getAttribute("data-width")).toBe(await root.getAttribute("data-height"));
    await expect(page.getByTestId("editor-undo")).toBeEnabled();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("editor-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^pulse-image-.+\.png$/);
    const [w, h] = pngSize(fs.readFileSync((await download.path())!));
    expect([w, h]).toEqual([300, 300]);
    await expect(root).not.toHaveAttribute("data-busy", "true");
    expect(errors).toEqual([]);
  });
});

/** Mounts the editor on a noisy 400 × 300 PNG (big as a PNG, smaller as a JPEG) with a
 *  save limit; the blobs handed to "save" land in window.__saved. */
async function mountNoisy(page: Page, maxSaveBytes: number) {
  await page.evaluate(async (maxSaveBytes) => {
    const c = new OffscreenCanvas(400, 300);
    const g = c.getContext("2d")!;
    const img = g.createImageData(400, 300);
    for (let at = 0; at < img.data.length; at += 65536) {
      crypto.getRandomValues(img.data.subarray(at, at + 65536));
    }
    for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
    g.putImageData(img, 0, 0);
    const blob = await c.convertToBlob({ type: "image/png" });
    document.getElementById("editor-under-test")?.remove();
    const root = document.createElement("div");
    root.id = "editor-under-test";
    document.body.prepend(root);
    (window as any).__saved = [];
    (window as any).__editor = (window as any).__pe.mount(root, {
      lang: "en",
      labels: { "editor-saved-jpeg": "saved as jpeg", "editor-error-too-big": "too big to save" },
      source_url: URL.createObjectURL(blob),
      max_pixels: 40_000_000,
      max_save_bytes: maxSaveBytes,
      fonts: [],
      on_save: async (b: Blob) => { (window as any).__saved.push({ type: b.type, size: b.size }); },
    });
  }, maxSaveBytes);
  await expect(page.locator("#editor-under-test")).toHaveAttribute("data-ready", "true");
}

test("a picture too big to save as a PNG is saved as a JPEG, and one too big even so is refused", async ({ page, request }) => {
  const errors = watchForErrors(page);
  const a = await assets(request);
  await page.goto("/");
  // The landing page hydrates lazily: touch the DOM only after it has.
  await waitForHydration(page);
  await loadEditor(page, a);
  // 400 × 300 of noise: over 360 KB as a PNG, less as a JPEG.
  await mountNoisy(page, 330_000);
  await page.getByTestId("editor-save").click();
  await expect(page.getByTestId("editor-status")).toContainText("saved as jpeg");
  const saved = await page.evaluate(() => (window as any).__saved);
  expect(saved.length).toBe(1);
  expect(saved[0].type).toBe("image/jpeg");
  expect(saved[0].size).toBeLessThanOrEqual(330_000);

  await mountNoisy(page, 1_000);
  await page.getByTestId("editor-save").click();
  await expect(page.getByTestId("editor-error")).toContainText("too big to save");
  expect(await page.evaluate(() => (window as any).__saved.length)).toBe(0);
  expect(errors).toEqual([]);
});

test.describe("image editor module on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

  test("taps, drags a text layer with a finger, and exports a square PNG", async ({ page, request }) => {
    const errors = watchForErrors(page);
    const a = await assets(request);
    await page.goto("/");
    // The landing page hydrates lazily: touch the DOM only after it has.
    await waitForHydration(page);
    await loadEditor(page, a);
    const root = await mountWithPng(page, [
      {
        family: "IBM Plex Sans Arabic",
        urls: ["/fonts/plex-arabic-arabic-400.v4.woff2", "/fonts/plex-arabic-latin-400.v4.woff2"],
        label: "Plex",
      },
    ]);
    // The toolbar wraps; nothing is wider than the phone.
    expect(await page.evaluate(() => document.querySelector("#editor-under-test")!.scrollWidth)).toBeLessThanOrEqual(360);
    const crop = page.getByTestId("editor-crop-1x1");
    const box = (await crop.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);

    await crop.tap();
    await expect(root).toHaveAttribute("data-width", "300");
    await expect(root).toHaveAttribute("data-height", "300");
    await page.getByTestId("editor-add-text").tap();
    await page.getByTestId("editor-text-input").fill("مرحبا بالعالم");
    await expect.poll(() => textCentreY(page)).toBeGreaterThan(0.4);
    const before = await textCentreY(page);
    expect(before).toBeLessThan(0.6);

    // A finger on the text (the image's centre), moved down by a quarter of the image.
    const overlay = page.getByTestId("editor-overlay");
    const o = (await overlay.boundingBox())!;
    await overlay.evaluate(
      (el, { x, y, dy }) => {
        const at = (cy: number, buttons: number): PointerEventInit => ({
          bubbles: true,
          cancelable: true,
          pointerId: 11,
          pointerType: "touch",
          isPrimary: true,
          clientX: x,
          clientY: cy,
          button: 0,
          buttons,
        });
        el.dispatchEvent(new PointerEvent("pointerdown", at(y, 1)));
        for (let i = 1; i <= 8; i++) el.dispatchEvent(new PointerEvent("pointermove", at(y + (dy * i) / 8, 1)));
        el.dispatchEvent(new PointerEvent("pointerup", at(y + dy, 0)));
      },
      { x: o.x + o.width / 2, y: o.y + o.height / 2, dy: o.height / 4 },
    );
    await expect.poll(() => textCentreY(page)).toBeGreaterThan(before + 0.15);

    // One undo step for the drag: the text goes back to the middle.
    await page.getByTestId("editor-undo").tap();
    await expect.poll(() => textCentreY(page)).toBeLessThan(0.6);
    await page.getByTestId("editor-redo").tap();
    await expect.poll(() => textCentreY(page)).toBeGreaterThan(before + 0.15);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("editor-export").tap()]);
    const [w, h] = pngSize(fs.readFileSync((await download.path())!));
    expect(w).toBe(h);
    expect(w).toBe(300);
    expect(errors).toEqual([]);
  });
});
