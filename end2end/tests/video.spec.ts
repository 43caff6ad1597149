import { test, expect, Page } from "@playwright/test";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

// The video studio: a demo clip from an Arabic prompt, its row going queued → running →
// succeeded live (no reload), then played; and on a phone, a clip made here with ffmpeg
// uploaded, trimmed, captioned in Arabic, rendered and downloaded at the asked length.

/** Records every `data-status` each job row takes, from now on. */
async function recordStatuses(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as any).__statuses = seen;
    const note = (el: Element) => {
      const s = el.getAttribute("data-status");
      if (s && seen[seen.length - 1] !== s) seen.push(s);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "attributes") note(r.target as Element);
        r.addedNodes.forEach((n) => {
          if (n instanceof Element) n.querySelectorAll("[data-testid=job-row]").forEach(note);
          if (n instanceof Element && n.matches("[data-testid=job-row]")) note(n);
        });
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  });
}

function ffprobeDuration(file: string): number {
  const out = execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", file]);
  return Number(out.toString().trim());
}

test("a demo clip from an Arabic prompt goes queued → running → done live, and plays", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("video"), "/app/video");
  await page.goto("/app/video");
  await waitForHydration(page);
  await expect(page.getByTestId("meter-videos")).toContainText("0 / 1");
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await expect(page.getByTestId("video-cost")).toContainText("آخر مقطع");

  await recordStatuses(page);
  await page.getByTestId("video-prompt").fill("لقطة جوية للبتراء عند الشروق");
  await page.getByTestId("video-length").selectOption("4");
  await expect(page.getByTestId("video-length")).toContainText("4 ثوانٍ");
  await page.getByTestId("video-generate").click();
  const row = page.getByTestId("job-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-status", "running", { timeout: 10_000 });
  await expect.poll(async () => Number(await row.getByTestId("job-progress").getAttribute("value"))).toBeGreaterThan(0);
  await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  const seen: string[] = await page.evaluate(() => (window as any).__statuses);
  expect(["queued", "running"]).toContain(seen[0]);
  expect(seen.slice(-2)).toEqual(["running", "succeeded"]);
  await expect(page.getByTestId("meter-videos")).toContainText("1 / 1");

  // It plays inline: the browser loads it through the signed link and its time moves.
  const player = row.getByTestId("video-player");
  await expect(player).toBeVisible();
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await player.evaluate((v: HTMLVideoElement) => Math.round(v.duration))).toBe(4);

  // Deleting asks first.
  await row.getByTestId("video-delete").click();
  await expect(row.getByTestId("video-delete-confirm")).toBeVisible();
  await row.getByTestId("video-delete-cancel").click();
  await expect(row).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("on a phone: upload a clip, trim it, add an Arabic caption, render and download it", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 360, height: 740 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulse-video-"));
  const source = path.join(dir, "رحلة.mp4");
  execFileSync("ffmpeg", [
    "-v", "error", "-y",
    "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=5",
    "-f", "lavfi", "-i", "sine=frequency=440:duration=5",
    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", source,
  ]);
  await signIn(page, uniqueEmail("video-edit"), "/app/video");
  await page.goto("/app/video");
  await waitForHydration(page);

  await page.getByTestId("video-upload").setInputFiles(source);
  const preview = page.getByTestId("video-preview");
  await expect(preview).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("trim-end")).toHaveValue("5.0");
  await page.getByTestId("trim-start").fill("1");
  await page.getByTestId("trim-start").blur();
  await page.getByTestId("trim-end").fill("3.5");
  await page.getByTestId("trim-end").blur();
  await expect(page.getByTestId("trim-length")).toContainText("0:02.5");

  await page.getByTestId("caption-add").click();
  await page.getByTestId("caption-text").fill("مرحبًا بكم في عمّان");
  await page.getByTestId("caption-start").fill("1.5");
  await page.getByTestId("caption-start").blur();
  await page.getByTestId("caption-end").fill("3.5");
  await page.getByTestId("caption-end").blur();
  // Nothing of the page spills sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await page.getByTestId("video-render").click();
  const row = page.getByTestId("job-row").first();
  await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(row.getByTestId("video-player")).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByTestId("video-download").click()]);
  const saved = path.join(dir, "edited.mp4");
  await download.saveAs(saved);
  expect(Math.abs(ffprobeDuration(saved) - 2.5)).toBeLessThanOrEqual(0.1);
  // Editing is free: the meter did not move.
  await expect(page.getByTestId("meter-videos")).toContainText("0 / 1");
  expect(errors).toEqual([]);
});
