import { expect, test, type Page } from "@playwright/test";
import { e2e } from "../env";
import { changePassword, signInLocal } from "../pages/auth";

// The embedded-mode local admin end to end, on a server of its own: AUTH_LOGIN_ATTEMPTS is low there
// so the lock can be reached, and the rate limit would lock other specs out.

// A test signs in up to five times, in two browsers: twice the default time (see auth.spec.ts).
test.describe.configure({ mode: "serial", timeout: 60_000 });

const WRONG = "Wrong user name or password.";
let password = "";

const localError = (page: Page) => page.getByRole("form", { name: "Local admin sign-in" }).getByTestId("local-error");

async function signOut(page: Page) {
  await page.getByTestId("user-menu").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?reason=signed-out$/);
}

test("the one-time password signs in once, and only to choose a new password", async ({ page }) => {
  const oneTime = e2e.oneTimePassword("local");
  await signInLocal(page, oneTime);
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose your password");

  // Nothing else is reachable until the password is changed: pages send back here, APIs refuse.
  await page.goto("/findings");
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveCount(0);
  const api = await page.request.get(`/api/runs/${crypto.randomUUID()}`);
  expect(api.status()).toBe(403);
  expect(await api.json()).toEqual({ error: "change the one-time password first", code: "password-change-required" });

  // A wrong current password is refused by the form, and a short new one too.
  await changePassword(page, "not-the-one-time-password", "a-long-enough-new-password");
  await expect(page.getByText("Current password is not your current password.")).toBeVisible();
  await expect(page).toHaveURL(/\/account\/password$/);

  password = `e2e-${crypto.randomUUID()}`;
  await changePassword(page, oneTime, password);
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toBeVisible();
  await signOut(page);
});

test("the new password works; the one-time password and wrong passwords do not", async ({ page, browser }) => {
  // Each refusal counts towards the limit (the last test relies on that): two here.
  await signInLocal(page, e2e.oneTimePassword("local"));
  await expect(localError(page)).toHaveText(WRONG);
  await expect(page).toHaveURL(/\/signin/);
  await signInLocal(page, "not-my-password-at-all");
  await expect(localError(page)).toHaveText(WRONG);

  await signInLocal(page, password);
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await expect(page.getByTestId("user-role")).toHaveText("Admin");

  // Changing the password signs out the admin's other sessions, not this one.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInLocal(otherPage, password);
  await expect(otherPage).toHaveURL((url) => url.pathname === "/");
  await page.goto("/account/password");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change password");
  const next = `e2e-${crypto.randomUUID()}`;
  await changePassword(page, password, next);
  await expect(page).toHaveURL((url) => url.pathname === "/");
  password = next;
  await otherPage.goto("/findings");
  await expect(otherPage).toHaveURL(/\/signin\?callbackUrl=%2Ffindings&reason=revoked$/);
  await other.close();
  await page.goto("/findings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Findings");
  await signOut(page);
});

test("a cross-site form cannot sign the browser in (login CSRF)", async ({ playwright, baseURL }) => {
  // The right credentials, posted from elsewhere without next-auth's CSRF token: no session.
  const api = await playwright.request.newContext({ baseURL });
  const response = await api.post("/api/auth/callback/local", {
    form: { username: "admin", password, callbackUrl: "/" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toContain("csrf=true");
  expect(
    response
      .headersArray()
      .some((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("next-auth.session-token=")),
  ).toBe(false);
  await api.dispose();
});

test("after too many failures, even the right password is refused for a while", async ({ page }) => {
  const attempts = e2e.localLoginAttempts;
  // Two failures so far from this address; fail until the limit is reached.
  for (let i = 2; i < attempts; i++) {
    await signInLocal(page, `wrong-${i}`);
    await expect(localError(page)).toHaveText(WRONG);
  }
  await signInLocal(page, password);
  await expect(localError(page)).toHaveText("Too many failed sign-ins. Wait 15 minutes and try again.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});
