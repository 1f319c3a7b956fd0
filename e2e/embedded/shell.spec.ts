import { expect, test } from "@playwright/test";
import { navItems } from "../../components/nav";
import { Shell } from "../pages/shell";

// This server runs on a fresh embedded database: what a new user sees after `npm start`.

test.describe("app shell on the embedded database", () => {
  for (const item of navItems) {
    test(`${item.label} loads, is marked current, and tells a new user what to do`, async ({ page }) => {
      const shell = new Shell(page);
      await shell.open(item.href, item.label);
      await expect(shell.navLink(item.label)).toHaveAttribute("aria-current", "page");
      await expect(shell.nav().locator('[aria-current="page"]')).toHaveCount(1);
      if (item.href === "/checks") {
        // The catalogue is code, synced at start: listed before any collection.
        await expect(page.getByRole("list", { name: "Check catalogue" }).getByRole("listitem").first()).toBeVisible();
        await expect(page.getByTestId("check-counts").first()).toHaveText("not evaluated yet");
      } else if (item.href === "/settings") {
        await expect(page.getByText("Embedded PGlite under")).toBeVisible();
        await expect(page.getByText(/of \d+ applied/)).toBeVisible();
        await expect(page.getByText("From: defaults.")).toBeVisible();
        await expect(
          page.locator("dt", { hasText: "Most IAM admin users allowed" }).locator("xpath=following-sibling::dd[1]"),
        ).toHaveText("2");
        await expect(
          page
            .locator("dt", { hasText: "Default VPCs in the overlap check" })
            .locator("xpath=following-sibling::dd[1]"),
        ).toHaveText("no");
      } else {
        await expect(page.getByTestId("empty-state")).toBeVisible();
        await expect(page.getByTestId("empty-state").getByRole("listitem").first()).toBeVisible();
      }
      // The server's data-folder path is not shown to users (issue 16); Settings shows it to admins.
      await expect(page.getByTestId("db-mode")).toHaveText("Embedded database");
      expect(await page.title()).toContain(item.label === "Overview" ? "Posture" : `${item.label} · Posture`);
      shell.expectNoErrors();
    });
  }

  test("navigation works by clicking through every entry", async ({ page }) => {
    // A dozen server-rendered pages in one test: a loaded CI machine needs more than the default 30 s.
    test.setTimeout(120_000);
    const shell = new Shell(page);
    await shell.open("/", "Overview");
    for (const item of navItems) {
      await shell.navLink(item.label).click();
      await expect(page).toHaveURL(item.href === "/" ? /\/$/ : new RegExp(`${item.href}$`));
      await expect(shell.heading()).toHaveText(item.label);
    }
    shell.expectNoErrors();
  });

  test("is keyboard reachable: skip link first, then the navigation", async ({ page }) => {
    const shell = new Shell(page);
    await shell.open("/", "Overview");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(shell.navLink("Overview")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(shell.navLink("Accounts")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/accounts$/);
    await expect(shell.heading()).toHaveText("Accounts");
  });

  test("fits a laptop screen without horizontal scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const shell = new Shell(page);
    await shell.open("/", "Overview");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(shell.nav()).toBeVisible();
  });

  test("follows the system colour scheme", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/");
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).not.toBe(light);
  });

  test("answers unknown paths with a 404 page inside the shell", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(new Shell(page).nav()).toBeVisible();
  });

  test("/api/health checks the embedded database", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: { mode: "embedded", migrations: { upToDate: true } } });
    expect(body.database.migrations.applied).toBeGreaterThan(0);
  });

  test("sends baseline security headers and no framework banner", async ({ request }) => {
    const response = await request.get("/");
    const headers = response.headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"]).toBeUndefined();
  });
});
