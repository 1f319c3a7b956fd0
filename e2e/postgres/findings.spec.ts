import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { loadSeed } from "../fixtures/seed";
import { statePath } from "../pages/auth";
import { FindingsPage } from "../pages/findings";
import { Shell } from "../pages/shell";

// The Findings page in Chromium as an admin over the seeded organization: grouped by check, a group
// expanded, a facet applied and the URL shared, the filtered view exported as CSV.
test.use({ storageState: statePath("admin") });

test("groups, expands, filters into a shareable URL and exports CSV", async ({ page, browser }) => {
  const seed = loadSeed();
  const shell = new Shell(page);
  const findings = new FindingsPage(page);
  await shell.open("/findings", "Findings");
  const group = findings.groups().getByRole("row").filter({ hasText: seed.check.title });
  await expect(group).toContainText(`${seed.total.openFindings} resources in`);
  await expect(findings.total()).toContainText(`${seed.total.openFindings} findings match`);
  await page.screenshot({ path: test.info().outputPath("findings-light.png"), fullPage: true });

  await findings.expand(seed.check.title).click();
  const resources = page.getByTestId("group-findings");
  await expect(resources.getByRole("link")).toHaveCount(seed.total.openFindings);
  await expect(resources.getByRole("link", { name: seed.sample.criticalResource })).toHaveAttribute(
    "href",
    /^\/findings\/[0-9a-f]{64}$/,
  );

  await findings.facetValue("Severity", "critical").check();
  await expect(page).toHaveURL(/[?&]severity=critical/);
  await expect(findings.total()).toContainText(`${seed.total.critical} finding`);

  // The URL is the view: another tab opening it sees the same filter applied.
  const shared = await browser.newContext({ storageState: statePath("admin") });
  const other = await shared.newPage();
  await other.goto(page.url());
  const again = new FindingsPage(other);
  await expect(again.facetValue("Severity", "critical")).toBeChecked();
  await expect(again.total()).toContainText(`${seed.total.critical} finding`);
  await other.emulateMedia({ colorScheme: "dark" });
  await other.screenshot({ path: test.info().outputPath("findings-dark.png"), fullPage: true });
  await shared.close();

  await findings.view("All findings").click();
  await expect(page).toHaveURL(/view=list/);
  await expect(page.getByTestId("finding-row")).toHaveCount(seed.total.critical);
  const [download] = await Promise.all([page.waitForEvent("download"), findings.exportLink("CSV").click()]);
  expect(download.suggestedFilename()).toMatch(/^posture-findings-.*\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  expect(csv[0]).toMatch(/^id,severity,status,check_id/);
  expect(csv).toHaveLength(1 + seed.total.critical);
  expect(csv[1]).toContain(seed.sample.criticalResource);
  shell.expectNoErrors();
});
