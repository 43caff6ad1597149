// Measures what a cold first visit of a page transfers, by type, as Chromium sees it
// (encoded bytes on the wire), once with gzip only and once with the browser's defaults (br).
// Signed in when given the server's data folder (its mail outbox), as a user would see it.
// Goal: ≤ 250 KB for /app/chat with brotli.
// Usage: node bench/first-load.mjs http://127.0.0.1:3000/app/chat [DATA_DIR]
import { launch, signIn } from "./session.mjs";

const url = process.argv[2];
const dataDir = process.argv[3];

function kind(u, type) {
  if (/\.wasm(\?|$)/.test(u)) return "wasm";
  if (/\/i18n\/[^/]+\.bin(\?|$)/.test(u)) return "text";
  if (/\.woff2?(\?|$)/.test(u)) return "fonts";
  if (/\.css(\?|$)/.test(u)) return "css";
  if (/\.m?js(\?|$)/.test(u)) return "js";
  if (type === "document") return "html";
  return "other";
}

async function measure(browser, encoding, cookies) {
  const context = await browser.newContext({
    serviceWorkers: "block",
    locale: "ar-JO",
    extraHTTPHeaders: encoding ? { "accept-encoding": encoding } : {},
  });
  if (cookies) await context.addCookies(cookies);
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
  const landed = new URL(page.url()).pathname;
  await context.close();
  return { totals, encodings, landed };
}

const browser = await launch();
const cookies = dataDir ? await signIn(browser, new URL(url).origin, dataDir) : null;
for (const [label, enc] of [["gzip", "gzip"], ["br (browser default)", null]]) {
  const { totals, encodings, landed } = await measure(browser, enc, cookies);
  const sum = Object.values(totals).reduce((a, b) => a + b, 0);
  console.log(`  cold first load of ${landed}${cookies ? " (signed in)" : ""}, ${label}:`);
  for (const k of ["html", "css", "js", "wasm", "text", "fonts", "other"]) {
    if (totals[k]) console.log(`    ${k.padEnd(6)} ${String(totals[k]).padStart(9)} B  (${encodings[k]})`);
  }
  console.log(`    total  ${String(sum).padStart(9)} B${enc ? "" : "   goal ≤ 256000 B (250 KB)"}`);
}
await browser.close();
