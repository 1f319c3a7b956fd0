import { existsSync } from "node:fs";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { decode } from "next-auth/jwt";
import { hashToken } from "../../lib/auth/tokens";
import { e2e } from "../env";
import { personas, providers, type PersonaName, type ProviderId } from "../fixtures/personas";

/** Which provider each persona's cached session was signed in through (both are used). */
export const homeProvider: Record<PersonaName, ProviderId> = {
  admin: "corp",
  triager: "keycloak",
  viewer: "corp",
  outsider: "keycloak",
  norole: "corp",
  unverified: "corp",
};

export const SESSION_COOKIE = "next-auth.session-token";

/**
 * Assertions on the sign-in flow's pages, with a timeout of their own: global setup runs the flow for
 * every persona at once against cold servers, and it is outside the config's `expect` timeout
 * (Playwright's default of 5 s applies there).
 */
const expectPage = expect.configure({ timeout: 20_000 });

/**
 * Signs in through the real flow: the provider button, the identity provider's login form (skipped when
 * this browser context has a session there), and back. Returns wherever the browser landed on the
 * dashboard (a page, /no-access, or /signin with an error): callers assert.
 */
export async function signInThroughIdp(
  page: Page,
  persona: PersonaName,
  provider: ProviderId = homeProvider[persona],
  callbackUrl?: string,
): Promise<URL> {
  await page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  const app = new URL(page.url()).origin;
  await page.getByRole("button", { name: `Continue with ${providers[provider].label}` }).click();
  const login = page.locator('input[name="login"]');
  const back = (url: URL) => url.origin === app && !url.pathname.startsWith("/api/auth/");
  await expectPage(login.or(page.getByTestId("user-menu")).or(page.getByTestId("signin-error"))).toBeVisible();
  if (await login.isVisible()) {
    expect(new URL(page.url()).origin, `the login form is ${provider}'s`).toBe(e2e.idpIssuer(provider));
    await login.fill(personas[persona].sub);
    await page.locator('input[name="password"]').fill("any password works here");
    await page.getByRole("button", { name: "Sign-in" }).click();
  }
  await page.waitForURL(back);
  await page.waitForLoadState("domcontentloaded");
  return new URL(page.url());
}

/** Signs in and expects to be let in (to the dashboard, or to "ask your admin" without a role). */
export async function signIn(
  page: Page,
  persona: PersonaName,
  provider?: ProviderId,
  callbackUrl?: string,
): Promise<void> {
  const url = await signInThroughIdp(page, persona, provider, callbackUrl);
  expect(url.pathname, `${persona} signed in`).not.toBe("/signin");
  await expectPage(page.getByTestId("user-menu")).toBeVisible();
}

/** The cached storage state of a persona on the Postgres server (written by its setup project). */
export function statePath(persona: PersonaName): string {
  return e2e.statePath(`postgres-${persona}.json`);
}

export function hasState(persona: PersonaName): boolean {
  return existsSync(statePath(persona));
}

/** A new browser context already signed in as `persona` (the setup project's session). */
export async function personaContext(browser: Browser, persona: PersonaName): Promise<BrowserContext> {
  return browser.newContext({ storageState: statePath(persona) });
}

/** The database key of the session behind a context's cookie: sha256 of the token inside the JWE. */
export async function sessionTokenHash(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie in this context");
  const payload = await decode({ token: cookie.value, secret: e2e.authSecret });
  if (typeof payload?.sid !== "string") throw new Error("the session cookie carries no session id");
  return hashToken(payload.sid);
}

/** The local admin form on the sign-in page (embedded servers). */
export async function signInLocal(page: Page, password: string, username = "admin"): Promise<void> {
  await page.goto("/signin");
  const form = page.getByRole("form", { name: "Local admin sign-in" });
  await form.getByLabel("User name").fill(username);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

/** The password form at /account/password; lands on the overview when saved. */
export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel(/^(Current password|One-time password)/).fill(current);
  await form.getByLabel("New password (12 characters or more)").fill(next);
  await form.getByLabel("New password again").fill(next);
  // The answer, not the click, is the end of the step: a loaded machine may take seconds to hash.
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/api/account/password" && r.request().method() === "POST",
    { timeout: 30_000 },
  );
  await form.getByRole("button", { name: "Save password" }).click();
  await answered;
}

/**
 * First sign-in of an embedded server's local admin with the one-time password from its banner:
 * forced to choose a password, then on the overview. Returns the new password.
 */
export async function firstLocalSignIn(page: Page, oneTimePassword: string): Promise<string> {
  await signInLocal(page, oneTimePassword);
  await page.waitForURL(/\/account\/password$/);
  const next = `e2e-${crypto.randomUUID()}`;
  await changePassword(page, oneTimePassword, next);
  await page.waitForURL((url) => url.pathname === "/");
  await expectPage(page.getByTestId("user-menu")).toBeVisible();
  return next;
}
