import { defineConfig } from "@playwright/test";

// Drives Debian's Chromium (never downloads a browser). `make e2e` builds the site and
// the server; Playwright starts the server itself on a free port with a throw-away
// SQLite database, unless BASE_URL points at one that is already running.
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = process.env.BASE_URL ?? `http://127.0.0.1:${port}`;
const targetDir = process.env.CARGO_TARGET_DIR ?? "../target";
const profile = process.env.PROFILE === "release" ? "release" : "debug";
// Set once in the main process, so workers (which load this file again) see the same folder.
process.env.E2E_DATA_DIR ??= `/tmp/pulse-e2e-${process.pid}`;
const dataDir = process.env.E2E_DATA_DIR;

/** The second server, which takes payments through the fake HyperPay (fakes/hyperpay.mjs). */
export const hyperpay = {
  port: port + 1,
  baseURL: `http://127.0.0.1:${port + 1}`,
  gatewayPort: port + 2,
  dataDir: `${dataDir}-hyperpay`,
  token: "OGFjN2E0Yzk-fake-token",
  entityId: "8ac7a4c9fake0001",
};

function serverEnv(listen: number, data: string): Record<string, string> {
  return {
    LEPTOS_SITE_ADDR: `127.0.0.1:${listen}`,
    LEPTOS_SITE_ROOT: "target/site",
    LEPTOS_HASH_FILES: "true",
    DATA_DIR: data,
    // Every test signs in from 127.0.0.1; the per-IP limit is tested in Rust.
    LOGIN_LINKS_PER_IP: "10000",
    RATE_LIMIT_REQUESTS: "10000",
    // A slower demo model, so that a test can press Stop mid-answer.
    DEMO_PACE_MS: "120",
    // A demo job of about 6 s (20 steps), so a test can watch it run and cancel it.
    DEMO_JOB_STEP_MS: "300",
    DEMO_VIDEO_MS: "2500",
    // The operator of the admin tests (tests/admin.spec.ts).
    ADMIN_EMAILS: "admin@pulse.jo",
    LOG_FORMAT: "json",
    RUST_LOG: "warn",
  };
}

export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    headless: true,
    browserName: "chromium",
    // Our users: Jordan, Arabic browsers. English browsers are tested explicitly.
    locale: "ar-JO",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
  webServer: process.env.BASE_URL
    ? undefined
    : [
        {
          command: `rm -rf ${dataDir} && exec ${targetDir}/${profile}/pulse`,
          cwd: "..",
          url: `${baseURL}/readyz`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: "ignore",
          stderr: "pipe",
          env: serverEnv(port, dataDir),
        },
        // HyperPay end to end: a fake gateway, and a second server that pays through it.
        {
          command: `exec node fakes/hyperpay.mjs ${hyperpay.gatewayPort} ${hyperpay.token} ${hyperpay.entityId}`,
          port: hyperpay.gatewayPort,
          reuseExistingServer: false,
          timeout: 20_000,
          stdout: "ignore",
          stderr: "pipe",
        },
        {
          command: `rm -rf ${hyperpay.dataDir} && exec ${targetDir}/${profile}/pulse`,
          cwd: "..",
          url: `${hyperpay.baseURL}/readyz`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: "ignore",
          stderr: "pipe",
          env: {
            ...serverEnv(hyperpay.port, hyperpay.dataDir),
            PAYMENTS_PROVIDER: "hyperpay",
            HYPERPAY_HOST: `http://127.0.0.1:${hyperpay.gatewayPort}`,
            HYPERPAY_ACCESS_TOKEN: hyperpay.token,
            HYPERPAY_ENTITY_ID: hyperpay.entityId,
            HYPERPAY_WEBHOOK_KEY: "0".repeat(64),
          },
        },
      ],
});
