import { expect, test } from "@playwright/test";
import { e2e } from "../env";
import { firstLocalSignIn, signInLocal } from "../pages/auth";
import { FindingsPage } from "../pages/findings";
import { Shell } from "../pages/shell";

// This server starts like `npm start` on a fresh machine with no AWS credentials: it loads the demo
// organization in the background through the real checks and snapshot writer, answering meanwhile.

test.describe.configure({ mode: "serial" });

/** The local admin's password, chosen at the first sign-in; the tests after it sign in with it. */
let password: string | null = null;

test("the demo organization loads by itself, answering meanwhile, and fills every page", async ({ page }) => {
  test.setTimeout(240_000);
  // Once the server listens, the health check answers within seconds while the demo loads (20 s to a minute).
  await expect(async () => {
    const health = await page.request.get("/api/health", { timeout: 5_000 });
    expect(health.status()).toBe(200);
    const { demo } = (await health.json()) as { demo: { state: string } };
    expect(["loading", "ready"]).toContain(demo.state);
  }).toPass({ timeout: 30_000, intervals: [1_000] });
  // The local admin's first sign-in, with the one-time password from the server's banner.
  password = await firstLocalSignIn(page, e2e.oneTimePassword("demo"));
  const shell = new Shell(page);
  const stat = (label: string) =>
    page
      .locator("main dl > div", { has: page.locator("dt", { hasText: label }) })
      .locator("dd")
      .first();
  const banner = page.getByTestId("demo-banner");
  await expect(banner).toBeVisible();
  const [state, text] = await banner.evaluate((el) => [(el as HTMLElement).dataset.state, el.textContent]);
  if (state === "loading") expect(text).toMatch(/Demo organization: loading day \d+ of 90/);
  // The banner follows the load without a reload, and the page refreshes once it is complete.
  await expect(banner).toHaveAttribute("data-state", "ready", { timeout: 200_000 });
  await expect(banner).toContainText("Simulated accounts and 90 days of history");
  // The canary is written last, so its trip marks the end.
  await expect(stat("Canaries tripped (7 d)")).toHaveText("1", { timeout: 30_000 });
  await expect(stat("Accounts")).toHaveText("8");
  await expect(page.getByText(/succeeded · started/i)).toBeVisible();
  expect(Number(await stat("Open findings").textContent())).toBeGreaterThan(20);
  expect(Number(await stat("Posture score").textContent())).toBeLessThan(100);

  await shell.open("/accounts", "Accounts");
  await expect(page.getByRole("table", { name: "AWS accounts" }).getByRole("row")).toHaveCount(9);
  await expect(page.getByText("Demo organization · simulated data")).toBeVisible();

  await shell.open("/findings", "Findings");
  await expect(page.getByRole("table", { name: "Findings grouped by check" })).toContainText("s3_bucket_public");

  await shell.open("/checks", "Checks");
  await expect(page.getByTestId("check-counts").filter({ hasText: "failing" }).first()).toBeVisible();

  await shell.open("/guardduty", "GuardDuty");
  await expect(page.getByRole("table", { name: "GuardDuty findings" })).toContainText(
    "CryptoCurrency:EC2/BitcoinTool.B!DNS",
  );
  // The coverage grid shows the demo's gaps: web-prod's unused region, sandbox-dev without runtime monitoring.
  const grid = page.getByTestId("coverage-grid");
  await expect(grid.locator('[data-cell="web-prod/ap-southeast-2"]')).toHaveAttribute("data-gap", "no-detector");
  await expect(grid.locator('[data-cell="sandbox-dev/eu-west-1"]')).toHaveAttribute("data-gap", "plans-missing");
  await expect(grid.locator('[data-cell="sandbox-dev/eu-west-1"]')).toContainText("Runtime monitoring off");
  await expect(grid.locator('[data-cell="data-dev/ap-southeast-2"]')).toHaveAttribute("data-gap", "enabled");
  // Filtered to high severity in the URL: only high findings remain.
  await page.getByRole("combobox", { name: "Severity" }).selectOption("high");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/severity=high/);
  const rows = page.getByTestId("guardduty-findings").getByRole("row");
  await expect(rows.first()).toBeVisible();
  for (const badge of await rows.locator("td:first-child > span:first-child").allTextContents())
    expect(badge.toLowerCase()).toBe("high");
  await expect(page.getByTestId("guardduty-findings")).not.toContainText("AttackSequence");
  // A finding's detail view.
  await page.getByRole("link", { name: /Credentials of the instance role airflow-scheduler were used/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("airflow-scheduler");
  await expect(page.getByText("ASIAEXAMPLEDEMO00042").first()).toBeVisible();
  await expect(page.getByText("198.51.100.23").first()).toBeVisible();
  await expect(page.getByTestId("raw-json")).toBeAttached();
  // The attack sequence: its signals in time order, each finding linked.
  await shell.open("/guardduty", "GuardDuty");
  await page
    .getByRole("link", { name: /Potential credential compromise of airflow-scheduler/ })
    .first()
    .click();
  const signals = page.getByTestId("sequence-signals").getByRole("listitem");
  await expect(signals).toHaveCount(4);
  await expect(signals.first()).toContainText("sts:GetCallerIdentity");
  await expect(signals.last()).toContainText("s3:GetObject");
  await signals.getByRole("link", { name: "Discovery:IAMUser/AnomalousBehavior" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Unusual discovery calls");

  await shell.open("/costs", "Costs");
  const incidents = page.getByRole("table", { name: "Cost incidents" });
  await expect(incidents.getByRole("row", { name: /data-lake|data-dev/ }).first()).toContainText("Possible hijack");
  await expect(incidents.getByRole("row", { name: /sandbox-dev/ }).first()).toContainText("ongoing");

  await shell.open("/trends", "Trends");
  await expect(page.getByRole("img", { name: "Posture score per day" }).locator(".recharts-line-curve")).toBeVisible();

  await shell.open("/compliance", "Compliance");
  // Every CIS v7.0 recommendation, each automated one with its checks, failures drilling into findings.
  await expect(page.getByTestId("control-row")).toHaveCount(70);
  await expect(page.locator('[data-control="4.3"]')).toContainText("config_recorder_off");
  await expect(page.locator('[data-control="4.3"]').getByTestId("drill-down").first()).toHaveAttribute(
    "href",
    /^\/findings\?check=config_recorder_off&account=\d{12}&status=open$/,
  );
  await expect(page.getByTestId("compliance-summary")).toContainText("%");
  await expect(
    page
      .getByRole("img", { name: "Controls passed per account, percent, per day" })
      .locator(".recharts-line-curve")
      .first(),
  ).toBeVisible();
  await shell.open("/compliance?framework=fsbp&by=environment", "Compliance");
  await expect(page.locator('[data-control="S3.5"]')).toContainText("s3_bucket_http_allowed");
  const csv = await page.request.get("/api/compliance/export?framework=cis-aws-v7");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines).toHaveLength(1 + 70 * 8);
  expect(lines.some((l) => l.startsWith("CIS AWS Foundations v7.0,3.1.1,") && l.endsWith(",fail"))).toBe(true);

  await shell.open("/canaries", "Canaries");
  await expect(page.getByRole("table", { name: "Canary keys" })).toContainText("tripped");

  await shell.open("/settings", "Settings");
  await expect(page.getByText("From: saved in this installation.")).toBeVisible();
  await expect(page.locator("dt", { hasText: "Unused regions" }).locator("xpath=following-sibling::dd[1]")).toHaveText(
    "ap-southeast-2",
  );

  await shell.open("/runs", "Collection runs");
  const runs = page.getByRole("table", { name: "Collection runs" });
  await expect(runs.getByRole("row")).toHaveCount(91);
  // Each simulated run lasts as long as its units did, not "0 ms".
  await expect(runs.getByRole("row").nth(1).getByRole("cell").last()).toHaveText(/^\d+ s$/);
  await expect(runs).not.toContainText("0 ms");
  shell.expectNoErrors();
});

test("filters the list, acknowledges the whole filtered result in bulk, and the histories say so", async ({ page }) => {
  test.setTimeout(120_000);
  expect(password, "the first test signs the admin in").not.toBeNull();
  await signInLocal(page, password!);
  await page.waitForURL((url) => url.pathname === "/");
  const shell = new Shell(page);
  const findings = new FindingsPage(page);
  // Acknowledging keeps findings open, so no open count another test reads changes.
  await shell.open("/findings?view=list", "Findings");
  await findings.facetValue("Status", "ACKNOWLEDGED").uncheck();
  await expect(page).toHaveURL(/status=NEW/);
  await expect(page).not.toHaveURL(/status=ACKNOWLEDGED/);
  const rows = page.getByTestId("finding-row");
  const check = await rows.first().locator(".font-mono").first().textContent();
  await shell.open(`/findings?view=list&status=NEW&check=${check}`, "Findings");
  await expect(rows.first()).toContainText("NEW");
  const total = Number((await findings.total().locator("span").first().textContent())!.replace(/,/g, ""));
  expect(total).toBeGreaterThan(0);
  const sample = await rows.first().getByRole("link").first().getAttribute("href");

  // Selecting the page offers the whole filtered result; the action counts it and asks first.
  await page.getByRole("checkbox", { name: "Select this page" }).check();
  await expect(page.getByTestId("selection-count")).toBeVisible();
  const everything = page.getByRole("button", { name: /^Select all [\d,]+ matching$/ });
  if (await everything.isVisible()) await everything.click();
  const bulk = page.getByRole("region", { name: "Selection" }).getByTestId("bulk-action");
  await bulk.getByRole("button", { name: /^Acknowledge all (matching|selected) findings…$/ }).click();
  const confirm = bulk.getByRole("group", { name: "Confirm bulk action" });
  await expect(confirm).toContainText(`Acknowledge ${total} finding`);
  await page.screenshot({ path: test.info().outputPath("bulk-confirm-light.png"), fullPage: true });
  await confirm.getByRole("button", { name: `Acknowledge ${total}` }).click();
  await expect(page.getByTestId("no-match")).toBeVisible({ timeout: 30_000 });

  // The acknowledged findings are listed under their new status, and each history has the change.
  await shell.open(`/findings?view=list&status=ACKNOWLEDGED&check=${check}`, "Findings");
  await expect(rows.filter({ hasText: "ACKNOWLEDGED" })).not.toHaveCount(0);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: test.info().outputPath("bulk-after-dark.png"), fullPage: true });
  await page.goto(sample!);
  const history = page.getByTestId("finding-history");
  const acknowledged = history.locator("li", { hasText: "NEW → ACKNOWLEDGED" });
  await expect(acknowledged).toHaveCount(1);
  await expect(acknowledged).not.toContainText("Posture");
  shell.expectNoErrors();
});
