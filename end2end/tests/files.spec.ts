import { test, expect } from "@playwright/test";
import { followLink, linkFromMail, signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

// A 1×1 PNG, a zip archive wearing a .png name, and an image over the 10 MB limit.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64"
);
const ZIP = Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x00\x00\x00\x00", "binary"), Buffer.alloc(64, 1)]);

test("upload an image, see it listed with the storage used, download it, delete it", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("files"), "/app/account");
  await page.goto("/app/account#files");
  await waitForHydration(page);
  await expect(page.getByTestId("files-empty")).toBeVisible();

  await page.getByTestId("upload-input").setInputFiles({ name: "صورة العائلة.png", mimeType: "image/png", buffer: PNG });
  await page.getByTestId("upload-submit").click();
  await expect(page.getByTestId("upload-ok")).toBeVisible();
  const row = page.getByTestId("file-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("صورة العائلة.png");
  await expect(page.getByTestId("storage-used")).toHaveAttribute("data-bytes", String(PNG.length));

  // Download: the owner's link redirects to a signed link that serves the same bytes.
  const href = await page.getByTestId("file-download").getAttribute("href");
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("image/png");
  expect(res.headers()["content-disposition"]).toContain("attachment;");
  expect(Buffer.from(await res.body()).equals(PNG)).toBe(true);

  // Another user gets "not found" for the same file.
  const fileId = await row.getAttribute("data-file-id");
  const stranger = await page.context().browser()!.newContext();
  const other = await stranger.newPage();
  await signIn(other, uniqueEmail("stranger"));
  const denied = await other.request.get(`/files/${fileId}`);
  expect(denied.status()).toBe(404);
  await stranger.close();

  await page.getByTestId("file-delete").click();
  await expect(page.getByTestId("files-empty")).toBeVisible();
  await expect(page.getByTestId("storage-used")).toHaveAttribute("data-bytes", "0");
  expect(errors).toEqual([]);
});

test("a refused upload says why, in Arabic, and nothing is kept", async ({ page }) => {
  await signIn(page, uniqueEmail("refused"), "/app/account");
  await page.goto("/app/account#files");
  await waitForHydration(page);
  await page.getByTestId("upload-input").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: ZIP });
  await page.getByTestId("upload-submit").click();
  await expect(page.getByTestId("upload-error")).toContainText("هذا النوع من الملفات غير مدعوم");
  await expect(page.getByTestId("files-empty")).toBeVisible();
});

test("a file over its limit is stopped before it is sent", async ({ page }) => {
  await signIn(page, uniqueEmail("big"), "/app/account");
  await page.goto("/app/account#files");
  await waitForHydration(page);
  const uploads: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/files/upload")) uploads.push(r.url());
  });
  const big = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]);
  await page.getByTestId("upload-input").setInputFiles({ name: "big.png", mimeType: "image/png", buffer: big });
  await expect(page.getByTestId("upload-picked-error")).toContainText("أكبر من الحد");
  expect(await page.getByTestId("upload-input").inputValue()).toBe("");
  expect(uploads).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the upload form still works", async ({ page }) => {
    await page.goto("/login");
    await page.getByTestId("login-email").fill(uniqueEmail("nojs-files"));
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-sent")).toBeVisible();
    await followLink(page, linkFromMail());
    await page.goto("/app/account#files");
    await page.getByTestId("upload-input").setInputFiles({ name: "report.png", mimeType: "image/png", buffer: PNG });
    await page.getByTestId("upload-submit").click();
    await expect(page.getByTestId("upload-ok")).toBeVisible();
    await expect(page.getByTestId("file-row")).toContainText("report.png");
  });
});
