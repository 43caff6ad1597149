// The image editor's resize against the browser's own: a 4000×3000 photo-like image to
// 1080 px on the long side, in WASM (`resize_rgba`, Lanczos3 on SIMD128) and with a canvas
// (`drawImage` with high-quality smoothing + `getImageData`), median of 5 runs each, plus
// the size of the editor's WASM. Serves nothing: give it a running site.
// Usage: node bench/editor-resize.mjs http://127.0.0.1:3000
import { chromium } from "@playwright/test";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const site = (process.argv[2] ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args });
const page = await browser.newPage();
const manifest = await (await fetch(`${site}/pkg/editor.json`)).json();
await page.goto(`${site}/`);
const r = await page.evaluate(async ({ js, wasm }) => {
  const m = await import(js);
  await m.default({ module_or_path: wasm });
  const [W, H, w, h] = [4000, 3000, 1080, 810];
  // Photo-like: gradients plus noise, opaque.
  const src = new OffscreenCanvas(W, H);
  const g = src.getContext("2d");
  const grad = g.createLinearGradient(0, 0, W, H);
  grad.addColorStop(0, "#0f766e"); grad.addColorStop(0.5, "#f5d0a0"); grad.addColorStop(1, "#1e3a8a");
  g.fillStyle = grad; g.fillRect(0, 0, W, H);
  for (let i = 0; i < 4000; i++) { g.fillStyle = `hsl(${i * 37 % 360} 60% 50% / 0.5)`; g.fillRect((i * 7919) % W, (i * 104729) % H, 40, 40); }
  const pixels = g.getImageData(0, 0, W, H).data;
  const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  const wasmTimes = [], canvasTimes = [];
  let bytes = 0;
  m.resize_rgba(pixels, W, H, w, h); // warm-up (compiles the code paths)
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    bytes = m.resize_rgba(pixels, W, H, w, h).length;
    wasmTimes.push(performance.now() - t);
  }
  // The canvas route: the same pixels on a canvas that has never been drawn from (a used
  // one keeps Skia's mipmaps and would time a cache), drawImage with high-quality
  // smoothing, getImageData. `bytes` also times the putImageData, i.e. RGBA in → RGBA out
  // like resize_rgba.
  const bytesTimes = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const full = new OffscreenCanvas(W, H);
    full.getContext("2d").putImageData(new ImageData(pixels, W, H), 0, 0);
    const t = performance.now();
    const dst = new OffscreenCanvas(w, h);
    const c = dst.getContext("2d", { willReadFrequently: true });
    c.imageSmoothingEnabled = true; c.imageSmoothingQuality = "high";
    c.drawImage(full, 0, 0, w, h);
    c.getImageData(0, 0, w, h);
    const end = performance.now();
    if (i > 0) { canvasTimes.push(end - t); bytesTimes.push(end - t0); } // the first warms up
  }
  return { wasm: median(wasmTimes), canvas: median(canvasTimes), bytes: median(bytesTimes), ok: bytes === w * h * 4 };
}, manifest);
const wasmBytes = Buffer.from(await (await fetch(`${site}${manifest.wasm}`, { headers: { "accept-encoding": "identity" } })).arrayBuffer());
const ratio = r.wasm / r.canvas;
console.log(`  editor resize 4000x3000→1080: wasm ${r.wasm.toFixed(1)} ms, canvas ${r.canvas.toFixed(1)} ms, ratio ${ratio.toFixed(2)} (goal ≤ 2×)${r.ok ? "" : "  WRONG OUTPUT SIZE"}`);
console.log(`    (canvas with its putImageData, RGBA in → RGBA out as resize_rgba: ${r.bytes.toFixed(1)} ms)`);
const br = brotliCompressSync(wasmBytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`  editor wasm: raw ${wasmBytes.length} B, gzip -9 ${gzipSync(wasmBytes, { level: 9 }).length} B, brotli 11 ${br} B`);
await browser.close();
