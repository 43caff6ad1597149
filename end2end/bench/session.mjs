// Signs a fresh bench user in through the real flow (the form, the server's mail outbox,
// the link, the confirmation) and returns the session's cookies, so a bench can measure
// the signed-in pages (/app/chat, /app/account) and not the sign-in page they redirect to.
// Usage (as a module): const cookies = await signIn(browser, site, dataDir)
// Usage (as a script): node bench/session.mjs SITE DATA_DIR   → prints "name=value; ..."
import { chromium } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";

export const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs });
}

function newestLink(dataDir) {
  const dir = path.join(dataDir, "outbox");
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
  const raw = fs.readFileSync(files[files.length - 1], "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const m = raw.match(/\/auth\/verify\?token=([A-Za-z0-9_-]{43})/);
  if (!m) throw new Error("no sign-in link in the outbox");
  return m[0];
}

export async function signIn(browser, site, dataDir, email = `bench-${Date.now()}@example.com`) {
  const context = await browser.newContext({ serviceWorkers: "block", locale: "ar-JO" });
  const page = await context.newPage();
  await page.goto(`${site}/login`, { waitUntil: "networkidle" });
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-hydrated"));
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("login-sent").waitFor();
  await page.goto(`${site}${newestLink(dataDir)}`);
  await page.getByTestId("verify-confirm").click();
  await page.waitForURL((url) => url.pathname !== "/auth/verify");
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

export const cookieHeader = (cookies) => cookies.map((c) => `${c.name}=${c.value}`).join("; ");

if (import.meta.url === `file://${process.argv[1]}`) {
  const browser = await launch();
  console.log(cookieHeader(await signIn(browser, process.argv[2].replace(/\/$/, ""), process.argv[3])));
  await browser.close();
}
