// A fake HyperPay (COPYandPAY) for the browser tests, speaking the wire format of
// ../shared/research/apis.md §6: checkouts are created server-to-server with a Bearer
// token, the widget script is loaded with Subresource Integrity, the card holder passes a
// 3-D Secure page on *another* origin (as with a real card issuer), and the status is
// read with `GET /v1/checkouts/{id}/payment`.
//
// The widget it serves checks what our widget page's Content Security Policy must allow:
// a frame, an image and a request to the gateway, and (on paying) a form submission that
// is redirected to the issuer. Any violation is shown in the page (`hyperpay-csp`).
//
// Usage: node hyperpay.mjs PORT TOKEN ENTITY_ID
import http from "node:http";
import crypto from "node:crypto";

const [port, token, entityId] = [Number(process.argv[2] ?? 3109), process.argv[3] ?? "", process.argv[4] ?? ""];
const gateway = `http://127.0.0.1:${port}`;
// The issuer's 3-D Secure page: the same server under another host name, so another origin.
const issuer = `http://localhost:${port}`;
const checkouts = new Map();

function widget(id) {
  // Like the real script: it is loaded in <head> and builds the form once the page is parsed.
  return `document.addEventListener("DOMContentLoaded", () => {
  const violations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    violations.push(e.violatedDirective + " " + e.blockedURI);
    const out = document.querySelector("[data-testid=hyperpay-csp]");
    if (out) out.textContent = violations.join("; ");
  });
  const form = document.querySelector("form.paymentWidgets");
  const shopperResultUrl = form.action;
  const box = document.createElement("div");
  // The real widget reads its language from wpwlOptions.locale.
  const locale = (window.wpwlOptions && window.wpwlOptions.locale) || "en";
  box.innerHTML = '<p data-testid="hyperpay-csp"></p><p data-testid="hyperpay-locale">' + locale + '</p>' +
    '<iframe title="card number" src="${gateway}/frame" style="border:0;height:3rem"></iframe>' +
    '<img alt="" src="${gateway}/brand.png">';
  form.replaceWith(box);
  fetch("${gateway}/v1/checkouts/${id}/ping").then((r) => r.text()).then(() => {
    const pay = document.createElement("form");
    pay.method = "post";
    pay.action = "${gateway}/v1/checkouts/${id}/pay";
    pay.innerHTML = '<input type="hidden" name="shopperResultUrl">' +
      '<input name="card.number" value="4200000000000000" aria-label="card number">' +
      '<button type="submit" data-testid="hyperpay-pay">Pay now</button>';
    pay.elements.shopperResultUrl.value = shopperResultUrl;
    box.appendChild(pay);
  });
});`;
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { "content-type": type, "access-control-allow-origin": "*", ...headers });
  res.end(body);
}

function json(res, status, value) {
  send(res, status, "application/json", JSON.stringify(value));
}

function authorised(req) {
  return req.headers.authorization === `Bearer ${token}`;
}

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, gateway);
    const parts = url.pathname.split("/").filter(Boolean); // v1 checkouts {id} …
    if (req.method === "POST" && url.pathname === "/v1/checkouts") {
      const form = await body(req);
      if (!authorised(req) || form.get("entityId") !== entityId) {
        return json(res, 401, { result: { code: "800.900.300", description: "invalid authentication information" } });
      }
      if (!/^\d+\.\d{2}$/.test(form.get("amount") ?? "")) {
        return json(res, 400, { result: { code: "200.300.404", description: "invalid or missing parameter" } });
      }
      const id = crypto.randomBytes(16).toString("hex").toUpperCase() + ".uat01-vm-tx01";
      const script = widget(id);
      const integrity = "sha384-" + crypto.createHash("sha384").update(script).digest("base64");
      checkouts.set(id, {
        script,
        state: "open",
        amount: form.get("amount"),
        currency: form.get("currency"),
        merchantTransactionId: form.get("merchantTransactionId"),
      });
      return json(res, 200, {
        result: { code: "000.200.100", description: "successfully created checkout" },
        buildNumber: "fake",
        timestamp: new Date().toISOString(),
        ndc: id,
        id,
        integrity,
      });
    }
    if (req.method === "GET" && url.pathname === "/v1/paymentWidgets.js") {
      const c = checkouts.get(url.searchParams.get("checkoutId"));
      return c ? send(res, 200, "text/javascript", c.script) : send(res, 404, "text/plain", "no such checkout");
    }
    if (url.pathname === "/frame") return send(res, 200, "text/html", "<!doctype html><input aria-label=card>");
    if (url.pathname === "/brand.png" || url.pathname === "/favicon.ico") {
      const png = Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
        "base64"
      );
      return send(res, 200, "image/png", png);
    }
    const c = parts[0] === "v1" && parts[1] === "checkouts" ? checkouts.get(parts[2]) : undefined;
    if (parts[0] === "v1" && parts[1] === "checkouts" && !c) return json(res, 404, { result: { code: "200.300.404" } });
    if (c && parts[3] === "ping") return send(res, 200, "text/plain", "ok");
    if (c && parts[3] === "pay" && req.method === "POST") {
      c.resultUrl = (await body(req)).get("shopperResultUrl");
      // To the issuer for 3-D Secure: a redirect to another origin after a form submission.
      return send(res, 303, "text/plain", "", { location: `${issuer}/acs?checkout=${encodeURIComponent(parts[2])}` });
    }
    if (url.pathname === "/acs") {
      const id = url.searchParams.get("checkout");
      return send(
        res,
        200,
        "text/html; charset=utf-8",
        `<!doctype html><title>3-D Secure</title><form method="post" action="${gateway}/v1/checkouts/${id}/authenticated">` +
          `<button type="submit" data-testid="acs-confirm">Confirm</button></form>`
      );
    }
    if (c && parts[3] === "authenticated" && req.method === "POST") {
      c.state = "paid";
      const back = new URL(c.resultUrl);
      back.searchParams.set("id", parts[2]);
      back.searchParams.set("resourcePath", `/v1/checkouts/${parts[2]}/payment`);
      return send(res, 302, "text/plain", "", { location: back.toString() });
    }
    if (c && parts[3] === "payment" && req.method === "GET") {
      if (!authorised(req) || url.searchParams.get("entityId") !== entityId) {
        return json(res, 401, { result: { code: "800.900.300", description: "invalid authentication information" } });
      }
      if (c.state !== "paid") {
        return json(res, 200, { result: { code: "000.200.000", description: "transaction pending" } });
      }
      return json(res, 200, {
        id: "8ac7a4a1" + parts[2].slice(0, 24).toLowerCase(),
        paymentType: "DB",
        paymentBrand: "VISA",
        amount: c.amount,
        currency: c.currency,
        merchantTransactionId: c.merchantTransactionId,
        result: { code: "000.100.110", description: "Request successfully processed in 'Merchant in Integrator Test Mode'" },
        timestamp: new Date().toISOString(),
        ndc: parts[2],
      });
    }
    send(res, 404, "text/plain", "not found");
  })
  .listen(port, "127.0.0.1");
