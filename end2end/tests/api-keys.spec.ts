import { test, expect } from "@playwright/test";
import { signIn, uniqueEmail, waitForHydration, watchForErrors } from "./helpers";

// Personal API keys on the account page: made on a phone, used from any OpenAI client.
test.use({ viewport: { width: 360, height: 740 } });

test("a key is made, its secret shown once, used with the API, and revoked", async ({ page, request }) => {
  const errors = watchForErrors(page);
  await signIn(page, uniqueEmail("api"), "/app/account");
  await page.goto("/app/account#api");
  await waitForHydration(page);
  const card = page.getByTestId("api-keys");
  await expect(card.getByTestId("api-keys-empty")).toBeVisible();

  await card.getByTestId("api-key-name").fill("هاتفي");
  await card.getByTestId("api-key-create").click();
  const secret = await card.getByTestId("api-key-secret").innerText();
  expect(secret).toMatch(/^pulse_sk_[A-Za-z0-9_-]{43}$/);
  await expect(card.getByTestId("api-key-row")).toHaveCount(1);
  await expect(card.getByTestId("api-key-row")).toContainText("هاتفي");
  await expect(card.getByTestId("api-key-row")).toContainText(secret.slice(0, 15) + "…");
  await expect(card.getByTestId("api-key-row")).not.toContainText(secret);

  // The key works from outside the browser, with no cookie.
  const headers = { authorization: `Bearer ${secret}` };
  const models = await request.get("/v1/models", { headers: { ...headers, cookie: "" } });
  expect(models.status()).toBe(200);
  const answer = await request.post("/v1/chat/completions", {
    headers,
    data: { model: "demo:pulse-demo", messages: [{ role: "user", content: "مرحبا" }] },
  });
  expect(answer.status()).toBe(200);
  expect((await answer.json()).choices[0].message.content).toBeTruthy();

  // Its use shows on the page after a reload (the secret does not).
  await page.reload();
  await waitForHydration(page);
  await expect(card.getByTestId("api-key-secret")).toHaveCount(0);
  await expect(card.getByTestId("api-key-usage")).toContainText("طلب واحد");

  // Revoking asks first, then the key stops at once.
  await card.getByTestId("api-key-revoke").click();
  await card.getByTestId("api-key-revoke-confirm").click();
  await expect(card.getByTestId("api-key-row")).toHaveCount(0);
  const refused = await request.get("/v1/models", { headers });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("invalid_api_key");
  expect(errors).toEqual([]);
});
