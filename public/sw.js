// Pulse AI Studio service worker.
// - Content-hashed files (/pkg/*, the messages in /i18n/*) and versioned fonts: cache first
//   (they never change).
// - Pages: network first, falling back to the cached copy, then to the offline page.
// - Server functions, streams, auth, downloads, webhooks, health: never touched.
// Stamped by infra/scripts/build-site.sh with a hash of the built bundles: a new build is a
// new version, whose activation deletes the old caches (and the old hashed bundles in them).
const VERSION = "dev";
const STATIC_CACHE = "pulse-static-" + VERSION;
const PAGE_CACHE = "pulse-pages-" + VERSION;
const OFFLINE_URL = "/offline";
const PRECACHE = [
  OFFLINE_URL,
  "/manifest.webmanifest",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/fonts/plex-arabic-arabic-400.v4.woff2",
  "/fonts/plex-arabic-latin-400.v4.woff2",
];
const BYPASS = ["/api/", "/auth/", "/events", "/files/", "/webhooks/", "/healthz", "/readyz", "/metrics", "/lang/", "/sw.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith("pulse-") && k !== STATIC_CACHE && k !== PAGE_CACHE)
            .map((k) => caches.delete(k))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (BYPASS.some((p) => url.pathname.startsWith(p))) return;
  if (request.headers.get("accept")?.includes("text/event-stream")) return;

  if (["/pkg/", "/i18n/", "/fonts/", "/icons/"].some((p) => url.pathname.startsWith(p))) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

async function networkFirstPage(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    // A page load that lands on sign-in (signed out here or everywhere, or the session
    // ended): the signed-in pages kept for offline use are someone's private pages now.
    const landed = new URL(response.url || request.url).pathname;
    if (landed === "/login" || new URL(request.url).pathname === "/login") {
      await caches.delete(PAGE_CACHE);
      return response;
    }
    // Keep the app shell of pages the user visited, so they open offline.
    // (not a redirect: a signed-out visit to /app/… lands on /login)
    if (response.ok && !response.redirected && new URL(request.url).pathname.startsWith("/app")) {
      cache.put(request, response.clone());
    }
    return response;
  } catch (err) {
    const cached = await cache.match(request);
    if (cached) return cached;
    const offline = await caches.match(OFFLINE_URL);
    return offline || new Response("offline", { status: 503, headers: { "content-type": "text/plain" } });
  }
}
