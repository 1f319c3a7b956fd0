import { expect, test, type Page } from "@playwright/test";
import { and, desc, eq, gte, sql } from "drizzle-orm";
import * as s from "../../lib/db/schema";
import { e2e } from "../env";
import { userId, withDb } from "../fixtures/db";
import { personas, providers, type PersonaName } from "../fixtures/personas";
import { loadSeed } from "../fixtures/seed";
import { personaContext, SESSION_COOKIE, sessionTokenHash, signIn, signInThroughIdp } from "../pages/auth";
import { Shell } from "../pages/shell";

// Sign-in as the Postgres server's users live it: through both identity providers, roles from IdP
// groups, sign-out, idle expiry, their sessions, and what the audit log records of it.

// Most tests here sign in through an IdP two or three times, each slow while four servers and four
// browsers share the machine's two cores: they get twice the default time.
test.describe.configure({ timeout: 60_000 });

type AuditRow = typeof s.auditLog.$inferSelect;

async function audited(
  action: string,
  persona: PersonaName | null,
  since: Date,
  outcome?: "success" | "denied",
): Promise<AuditRow[]> {
  return withDb((db) =>
    db
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.action, action),
          gte(s.auditLog.occurredAt, since),
          persona ? eq(s.auditLog.actorEmail, personas[persona].email) : undefined,
          outcome ? eq(s.auditLog.outcome, outcome) : undefined,
        ),
      )
      .orderBy(desc(s.auditLog.id)),
  );
}

const userMenu = (page: Page) => page.getByTestId("user-menu");

test("signs in through each provider and lands where it started; one person, one user, two identities", async ({
  browser,
}) => {
  const since = new Date();
  for (const provider of Object.values(providers)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Straight to a page: sign-in first, then back to it.
    const first = await page.goto("/findings");
    expect(new URL(page.url()).pathname, provider.id).toBe("/signin");
    expect(first?.status()).toBe(200);
    await signIn(page, "triager", provider.id, "/findings");
    await expect(page).toHaveURL(/\/findings$/);
    await expect(userMenu(page)).toContainText("Tom Triager");
    await expect(page.getByTestId("user-role")).toHaveText("Triager");

    const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(session, "session cookie").toBeDefined();
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe("Lax");
    expect(session.secure, "plain http: not Secure (lib/auth/cookies.test.ts covers https)").toBe(false);
    await context.close();
  }

  const rows = await audited("auth.sign_in", "triager", since, "success");
  // (The global setup's keycloak sign-in may fall in the same second: at least one of each.)
  expect(new Set(rows.map((r) => (r.details as { provider: string }).provider))).toEqual(new Set(["corp", "keycloak"]));
  const identities = await withDb(async (db) =>
    db
      .select()
      .from(s.userIdentities)
      .where(eq(s.userIdentities.userId, await userId(db, "triager"))),
  );
  expect(identities.map((i) => i.provider).sort()).toEqual(["corp", "keycloak"]);
  for (const identity of identities) expect(identity.groups).toEqual([...personas.triager.groups]);
  const users = await withDb((db) =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(s.users)
      .where(eq(s.users.email, personas.triager.email)),
  );
  expect(users[0]!.n).toBe(1);
});

test("an e-mail the provider has not verified is refused, and the refusal is audited", async ({ page }) => {
  const since = new Date(Date.now() - 1000);
  const url = await signInThroughIdp(page, "unverified", "corp");
  expect(url.pathname).toBe("/signin");
  expect(url.searchParams.get("error")).toBe("AccessDenied");
  await expect(page.getByTestId("signin-error")).toContainText("does not accept that account");
  expect((await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  const denied = await audited("auth.sign_in", null, since, "denied");
  expect(denied.map((r) => r.details)).toContainEqual(
    expect.objectContaining({ provider: "corp", reason: "e-mail not verified by the provider" }),
  );
  const created = await withDb((db) => db.select().from(s.users).where(eq(s.users.email, personas.unverified.email)));
  expect(created, "no user is created for a refused sign-in").toEqual([]);
});

test("IdP groups decide the role: a viewer has no Settings and gets 403 there, an admin has both", async ({
  browser,
}) => {
  const since = new Date(Date.now() - 1000);
  const viewer = await personaContext(browser, "viewer");
  const page = await viewer.newPage();
  const shell = new Shell(page);
  await shell.open("/", "Overview");
  await expect(page.getByTestId("user-role")).toHaveText("Viewer");
  await expect(shell.navLink("Findings")).toBeVisible();
  await expect(shell.navLink("Settings")).toHaveCount(0);
  const denied = await page.goto("/settings");
  expect(denied?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Not for your role" })).toBeVisible();
  const rows = await audited("auth.denied", "viewer", since, "denied");
  expect(rows.map((r) => r.details)).toContainEqual(
    expect.objectContaining({ path: "/settings", needed: "admin", role: "viewer" }),
  );
  await viewer.close();

  const triager = await personaContext(browser, "triager");
  const triagerPage = await triager.newPage();
  await triagerPage.goto("/");
  await expect(triagerPage.getByTestId("user-role")).toHaveText("Triager");
  await expect(new Shell(triagerPage).navLink("Settings")).toHaveCount(0);
  expect((await triagerPage.goto("/runs"))?.status()).toBe(403);
  await triager.close();

  const admin = await personaContext(browser, "admin");
  const adminPage = await admin.newPage();
  const adminShell = new Shell(adminPage);
  await adminShell.open("/", "Overview");
  await expect(adminPage.getByTestId("user-role")).toHaveText("Admin");
  await adminShell.navLink("Settings").click();
  await expect(adminShell.heading()).toHaveText("Settings");
  adminShell.expectNoErrors();
  await admin.close();
});

test("a user without a role is asked to see an admin and shown no data", async ({ browser }) => {
  const seed = loadSeed();
  const secrets = [seed.teams.payments, seed.teams.data, seed.unassigned].flatMap((g) => g.secrets);
  const context = await personaContext(browser, "norole");
  const page = await context.newPage();
  for (const path of ["/", "/findings", "/accounts", "/costs"]) {
    const response = await page.goto(path);
    await expect(page).toHaveURL(/\/no-access$/);
    await expect(page.getByRole("heading", { name: "Ask your admin for access" })).toBeVisible();
    await expect(page.getByTestId("no-access").getByText(personas.norole.email)).toBeVisible();
    const html = await response!.text();
    expect(
      secrets.filter((x) => html.includes(x)),
      `${path}: no account data`,
    ).toEqual([]);
  }
  await expect(new Shell(page).nav().getByRole("link")).toHaveCount(0);
  await expect(page.getByTestId("user-role")).toHaveText("No role");
  await context.close();
});

test("sign-out ends the session on the server: the old cookie no longer works", async ({ browser }) => {
  const since = new Date(Date.now() - 1000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "viewer", "keycloak");
  const cookies = await context.cookies();
  const hash = await sessionTokenHash(context);

  await userMenu(page).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?reason=signed-out$/);
  await expect(page.getByTestId("signin-notice")).toHaveText("You are signed out.");
  expect(
    (await context.cookies()).find((c) => c.name === SESSION_COOKIE),
    "the cookie is cleared",
  ).toBeUndefined();
  await context.close();

  // Someone who copied the cookie before sign-out gets nothing with it.
  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/findings");
  await expect(replayPage).toHaveURL(/\/signin\?callbackUrl=%2Ffindings&reason=revoked$/);
  const api = await replay.request.get(`/api/runs/${crypto.randomUUID()}`);
  expect(api.status()).toBe(401);
  await replay.close();

  const [session] = await withDb((db) => db.select().from(s.sessions).where(eq(s.sessions.tokenHash, hash)));
  expect(session?.revokedAt).not.toBeNull();
  expect(await audited("auth.sign_out", "viewer", since, "success")).not.toHaveLength(0);
});

test("a session idle past the timeout ends: the next page asks to sign in again, then returns", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "viewer", "corp");
  const hash = await sessionTokenHash(context);
  // Time passes: the session was last seen longer ago than AUTH_IDLE_TIMEOUT_MINUTES.
  await withDb((db) =>
    db
      .update(s.sessions)
      .set({ lastSeenAt: sql`now() - make_interval(mins => ${e2e.idleMinutes + 1})` })
      .where(eq(s.sessions.tokenHash, hash)),
  );
  await page.goto("/findings");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Ffindings&reason=idle$/);
  await expect(page.getByTestId("signin-notice")).toHaveText(
    `You were signed out after ${e2e.idleMinutes} minutes without activity.`,
  );
  const [session] = await withDb((db) => db.select().from(s.sessions).where(eq(s.sessions.tokenHash, hash)));
  expect(session?.revokedAt, "an idle session is revoked, not just refused").not.toBeNull();

  // The identity provider still knows the browser: signing in again needs one click.
  await page.getByRole("button", { name: `Continue with ${providers.corp.label}` }).click();
  await expect(page).toHaveURL(/\/findings$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Findings");
  await context.close();
});

test("your sessions: sign out another device from this one", async ({ browser }) => {
  const since = new Date(Date.now() - 1000);
  const laptop = await browser.newContext();
  const phone = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  });
  const laptopPage = await laptop.newPage();
  const phonePage = await phone.newPage();
  await signIn(laptopPage, "outsider", "corp");
  await signIn(phonePage, "outsider", "keycloak");
  const phoneHash = await sessionTokenHash(phone);

  await laptopPage.goto("/account/sessions");
  await expect(laptopPage.getByRole("heading", { level: 1 })).toHaveText("Your sessions");
  const rows = laptopPage.getByTestId("session-row");
  await expect(rows.filter({ hasText: "this session" })).toHaveCount(1);
  const other = rows.filter({ hasText: "Chrome on Windows" });
  await expect(other).toHaveCount(1);
  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(other).toHaveCount(0);
  await expect(rows.filter({ hasText: "this session" })).toHaveCount(1);

  await phonePage.goto("/");
  await expect(phonePage).toHaveURL(/\/signin\?callbackUrl=%2F&reason=revoked$/);
  await expect(phonePage.getByTestId("signin-notice")).toHaveText(
    "Your session was signed out from another session or by an admin.",
  );
  // The laptop is still signed in.
  await laptopPage.goto("/");
  await expect(laptopPage.getByRole("heading", { level: 1 })).toHaveText("Overview");

  const [revoked] = await withDb((db) => db.select().from(s.sessions).where(eq(s.sessions.tokenHash, phoneHash)));
  expect(revoked?.revokedAt).not.toBeNull();
  expect(revoked?.revokedBy).toBe(await withDb((db) => userId(db, "outsider")));
  expect(await audited("session.revoke", "outsider", since, "success")).toHaveLength(1);
  await laptop.close();
  await phone.close();
});

test("sign-in never sends anyone to another site afterwards", async ({ browser }) => {
  const context = await personaContext(browser, "viewer");
  const page = await context.newPage();
  for (const target of ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example"]) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(target)}`);
    await expect(page).toHaveURL((url) => url.host.startsWith("127.0.0.1") && url.pathname === "/");
  }
  await context.close();
});

test("nobody can sign out someone else's session", async ({ browser }) => {
  const outsider = await personaContext(browser, "outsider");
  const hash = await sessionTokenHash(outsider);
  const [target] = await withDb((db) =>
    db.select({ id: s.sessions.id }).from(s.sessions).where(eq(s.sessions.tokenHash, hash)),
  );
  const viewer = await personaContext(browser, "viewer");
  const attempt = await viewer.request.post("/api/account/sessions", {
    data: { sessionId: target!.id },
    headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
  });
  expect(attempt.status()).toBe(404);
  const [still] = await withDb((db) => db.select().from(s.sessions).where(eq(s.sessions.tokenHash, hash)));
  expect(still?.revokedAt).toBeNull();
  const page = await outsider.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await viewer.close();
  await outsider.close();
});
