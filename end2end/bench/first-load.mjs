// Measures what a cold first visit of a page transfers, by type, as Chromium sees it
// (encoded bytes on the wire), once with gzip only and once with the browser's defaults (br).
// Usage: node bench/first-load.mjs http://127.0.0.1:3000/app/chat
import { chromium } from "@playwright/test";

const url = process.argv[2];
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function kind(u, type) {
  if (/\.wasm(\?|$)/.test(u)) return "wasm";
  if (/\.woff2?(\?|$)/.test(u)) return "fonts";
  if (/\.css(\?|$)/.test(u)) return "css";
  if (/\.m?js(\?|$)/.test(u)) return "js";
  if (type === "document") return "html";
  return "other";
}

async function measure(browser, encoding) {
  const context = await browser.newContext({
    serviceWorkers: "block",
    locale: "ar-JO",
    extraHTTPHeaders: encoding ? { "accept-encoding": encoding } : {},
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const byId = new Map();
  cdp.on("Network.responseReceived", (e) => byId.set(e.requestId, { url: e.response.url, type: e.type, enc: e.response.headers["content-encoding"] || e.response.headers["Content-Encoding"] || "-" }));
  const totals = {};
  const encodings = {};
  cdp.on("Network.loadingFinished", (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    const k = kind(r.url, (r.type || "").toLowerCase());
    totals[k] = (totals[k] || 0) + e.encodedDataLength;
    encodings[k] = r.enc;
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(300);
  await context.close();
  return { totals, encodings };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args });
for (const [label, enc] of [["gzip", "gzip"], ["br (browser default)", null]]) {
  const { totals, encodings } = await measure(browser, enc);
  const sum = Object.values(totals).reduce((a, b) => a + b, 0);
  console.log(`  cold first load of ${new URL(url).pathname}, ${label}:`);
  for (const k of ["html", "css", "js", "wasm", "fonts", "other"]) {
    if (totals[k]) console.log(`    ${k.padEnd(6)} ${String(totals[k]).padStart(9)} B  (${encodings[k]})`);
  }
  console.log(`    total  ${String(sum).padStart(9)} B`);
}
await browser.close();
