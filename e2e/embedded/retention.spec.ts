import { expect, test } from "@playwright/test";

// Settings → Data retention on a fresh embedded database: the audit log's minimum is refused in the
// form, a saved period sticks, and Purge now runs in the server and reports what it deleted.

test("data retention: table sizes, the audit minimum, save and purge now", async ({ page }) => {
  await page.goto("/settings");
  const section = page.getByTestId("retention-settings");
  await expect(section.getByRole("table", { name: "Retention per kind of data" })).toBeVisible();
  await expect(page.getByTestId("database-sizes").getByRole("cell", { name: "findings", exact: true })).toBeVisible();
  await expect(section.getByTestId("removes-audit")).toHaveText("0 rows");

  const audit = section.getByLabel("Days to keep: Audit log");
  await expect(audit).toHaveValue("730");
  await audit.fill("30");
  await section.getByRole("button", { name: "Save retention" }).click();
  await expect(section.locator('tr[data-kind="audit"]')).toContainText("must be at least 365 days");
  await expect(audit).toHaveAttribute("aria-invalid", "true");

  await audit.fill("");
  await section.getByRole("button", { name: "Save retention" }).click();
  await expect(section.getByText("Saved. The next purge applies it.")).toBeVisible();
  await expect(section.getByTestId("removes-audit")).toHaveText("nothing (kept forever)");
  await page.reload();
  await expect(section.getByLabel("Days to keep: Audit log")).toHaveValue("");

  await section.getByLabel("Days to keep: Audit log").fill("730");
  await section.getByRole("button", { name: "Save retention" }).click();
  await expect(section.getByText("Saved. The next purge applies it.")).toBeVisible();

  await section.getByRole("button", { name: "Purge now" }).click();
  await expect(page.getByTestId("last-purge")).toContainText(/Last purge .* \(Purge now by .*\): 0 rows deleted\./, {
    timeout: 20_000,
  });
});
