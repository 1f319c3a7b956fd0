import { expect, test, type Locator, type Page } from "@playwright/test";
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
  // The overview test below reuses this session.
  await page.context().storageState({ path: e2e.statePath("demo-admin.json") });
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
  await expect(page.getByTestId("collection-health")).toContainText(/succeeded · \d+\/\d+ units/i);
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
  // From the finding to the investigation of its key (a plain link) and the key's CloudTrail activity.
  const investigateKey = page.getByRole("link", { name: "Investigate this key: ASIAEXAMPLEDEMO00042" });
  await expect(investigateKey).toHaveAttribute("href", "/investigate?q=ASIAEXAMPLEDEMO00042");
  await expect(page.getByRole("link", { name: "Investigate this principal: airflow-scheduler" })).toHaveAttribute(
    "href",
    "/investigate?q=airflow-scheduler",
  );
  await investigateKey.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Investigate");
  const activity = page.getByRole("table", { name: "Activity of ASIAEXAMPLEDEMO00042" });
  await expect(activity.locator("tbody tr")).toHaveCount(6);
  await expect(activity.locator("tbody tr").first()).toContainText("GetCallerIdentity");
  await expect(activity).toContainText("198.51.100.23");
  await expect(activity).toContainText("AccessDenied");
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
  // Its actor links to the investigation of the stolen key and of the role.
  const actors = page.getByRole("list", { name: "Investigations" });
  await expect(actors.getByRole("link", { name: "Investigate this key: ASIAEXAMPLEDEMO00042" }).first()).toBeVisible();
  await signals.getByRole("link", { name: "Discovery:IAMUser/AnomalousBehavior" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Unusual discovery calls");

  await shell.open("/costs", "Costs");
  const incidents = page.getByRole("table", { name: "Cost incidents" });
  await expect(incidents.getByRole("row", { name: /data-lake|data-dev/ }).first()).toContainText("Possible hijack");
  await expect(incidents.getByRole("row", { name: /sandbox-dev/ }).first()).toContainText("ongoing");
  // The SES spike names who sent, from CloudTrail: the leaked developer key, linked to its investigation.
  await expect(
    incidents
      .getByTestId("ses-senders")
      .first()
      .getByRole("link", { name: "Investigate this key: AKIAEXAMPLEDEVKEY042" }),
  ).toHaveAttribute("href", "/investigate?q=AKIAEXAMPLEDEVKEY042");

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

  // One account's timeline: the cost incident, the attack sequence and posture changes on one axis.
  await shell.open("/timeline?account=810987654327", "Timeline of data-dev");
  const item = (kind: string) => page.locator(`[data-testid="timeline-item"][data-kind="${kind}"]`);
  for (const kind of ["posture", "guardduty", "cost"]) await expect(item(kind).first()).toBeVisible();
  await expect(item("cost").first()).toContainText("possible hijack");
  await shell.open("/timeline?account=810987654327&kind=guardduty", "Timeline of data-dev");
  const shown = await page.getByTestId("timeline-item").count();
  expect(shown).toBeGreaterThan(0);
  await expect(item("guardduty")).toHaveCount(shown);
  await item("guardduty")
    .filter({ hasText: "AttackSequence:IAM/CompromisedCredentials" })
    .getByRole("link")
    .first()
    .click();
  await expect(page).toHaveURL(/\/guardduty\/findings\/810987654327\//);
  await expect(page.getByText("Attack sequence", { exact: true })).toBeVisible();
  // …and from it, the three days around it in that account.
  await page.getByTestId("timeline-around").click();
  await expect(page).toHaveURL(/\/timeline\?account=810987654327&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
  await expect(page.locator('[data-testid="timeline-item"][data-kind="guardduty"]').first()).toBeVisible();

  // What changed over the last 30 days: counts, and the world-open rule attributed to who opened it.
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await shell.open(`/changes?from=${monthAgo}`, "What changed");
  expect(Number(await page.getByTestId("changes-count-new").locator("dd").textContent())).toBeGreaterThan(0);
  const mattering = page.getByTestId("changes-mattering").getByRole("listitem");
  // The risky-activity detection carries its event: who opened the security group, from where.
  const opened = mattering.filter({ hasText: /A security group was opened to the (world|internet)/ }).first();
  await expect(opened).toContainText("Opened to the world");
  await expect(opened.getByTestId("attribution")).toContainText(" by ");
  await expect(page.getByTestId("change-row").first()).toBeVisible();

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

/** The number a Findings list says it shows ("1,234 findings match"). */
async function listedFindings(page: Page): Promise<number> {
  const text = (await page.getByTestId("findings-total").textContent()) ?? "";
  return Number(text.replace(/[^\d]/g, ""));
}

test("the overview's numbers open the lists they count, and an account page shows its sections", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ storageState: e2e.statePath("demo-admin.json") });
  const page = await context.newPage();
  const shell = new Shell(page);
  await shell.open("/", "Overview");
  for (const section of ["Posture by environment", "Worst accounts", "Threats", "Cost, last 30 days"])
    await expect(page.getByRole("heading", { name: section })).toBeVisible();
  await expect(page.getByTestId("score-trend").locator(".recharts-line-curve")).toBeVisible();
  await expect(page.getByTestId("environments").getByRole("region")).toHaveCount(4);

  // Each number, clicked, opens a list whose count is that number.
  const follow = async (link: Locator) => {
    const shown = Number((await link.textContent())!.replace(/[^\d]/g, ""));
    await link.click();
    await expect(shell.heading()).toHaveText("Findings");
    await expect(page.getByTestId("findings-total")).toBeVisible();
    expect(await listedFindings(page)).toBe(shown);
    await shell.open("/", "Overview");
    return shown;
  };
  expect(await follow(page.getByTestId("open-total"))).toBeGreaterThan(20);
  expect(await follow(page.getByTestId("open-critical"))).toBeGreaterThan(0);
  await follow(page.getByRole("link", { name: "Open high findings in prod" }));
  await follow(page.getByRole("link", { name: "Overdue findings", exact: true }));
  const worst = page.getByRole("table", { name: "Worst accounts" }).getByRole("row").nth(1);
  const worstName = (await worst.getByRole("link").first().textContent())!;
  await follow(worst.getByRole("link", { name: `Open critical findings in ${worstName}` }));

  // The accounts of an environment: as many rows as the environment's card counts.
  const prodAccounts = page.getByRole("link", { name: "prod accounts" });
  const prodCount = Number(await prodAccounts.textContent());
  await prodAccounts.click();
  await expect(page).toHaveURL(/\/accounts\?environment=prod$/);
  await expect(page.getByRole("table", { name: "AWS accounts" }).getByRole("row")).toHaveCount(prodCount + 1);
  // Sorted by score in the URL, worst first by default; again, best first.
  await page.getByRole("link", { name: "Score", exact: true }).click();
  await expect(page).toHaveURL(/sort=score&dir=desc|dir=desc/);
  const scores = await page
    .getByRole("table", { name: "AWS accounts" })
    .locator("tbody tr td:nth-child(2)")
    .allTextContents();
  const numeric = scores.filter((s) => s !== "—").map(Number);
  expect(numeric).toEqual([...numeric].sort((a, b) => b - a));

  // The worst account's page, with every section.
  await shell.open("/", "Overview");
  await page.getByRole("table", { name: "Worst accounts" }).getByRole("link", { name: worstName, exact: true }).click();
  await expect(shell.heading()).toHaveText(worstName);
  for (const section of [
    "Score, last 90 days",
    "Findings opened and resolved, last 12 weeks",
    "Open findings by severity",
    "Open findings by check",
    "Remediation, last 90 days",
    "Cost, last 90 days",
    "GuardDuty",
    "Collection history",
    "Account",
    "Canaries",
  ])
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
  await expect(page.getByText(/^arn:aws:iam::\d{12}:role\//)).toBeVisible();
  await expect(page.getByRole("table", { name: "Collection history" }).getByRole("row")).toHaveCount(11);
  await expect(page.getByTestId("score-trend").locator(".recharts-line-curve")).toBeVisible();
  const accountUrl = page.url();
  // An account id that is not one answers 404.
  expect((await page.request.get("/accounts/000000000000")).status()).toBe(404);
  shell.expectNoErrors();

  // Screenshots of both pages in both themes (docs/images/overview.png is the light Overview).
  const dir = process.env.E2E_SCREENSHOT_DIR ?? ".test-results/screens";
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/");
    await expect(page.getByTestId("score-trend").locator(".recharts-line-curve")).toBeVisible();
    await page.screenshot({ path: `${dir}/overview-${colorScheme}.png`, fullPage: true });
    await page.goto(accountUrl);
    await expect(page.getByTestId("score-trend").locator(".recharts-line-curve")).toBeVisible();
    await page.screenshot({ path: `${dir}/account-${colorScheme}.png`, fullPage: true });
  }
  await context.close();
});

test("trends over two years: every metric's chart, the range selector, and a failed collection as a gap", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ storageState: e2e.statePath("demo-admin.json") });
  const page = await context.newPage();
  const shell = new Shell(page);
  await shell.open("/trends", "Trends");
  const ranges = page.getByRole("navigation", { name: "Range" });
  await expect(ranges.getByRole("link", { name: "90 days" })).toHaveAttribute("aria-current", "page");
  await ranges.getByRole("link", { name: "2 years" }).click();
  await expect(page).toHaveURL(/range=2y/);
  await expect(ranges.getByRole("link", { name: "2 years" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("trend-chart")).toHaveCount(6);
  const score = page.getByRole("img", { name: "Posture score per day" });
  await expect(score.locator(".recharts-line-curve")).toBeVisible();
  // Web-staging's collection failed on three days: the organization's series has a gap there.
  await expect(page.getByTestId("gap-note")).toContainText("3 such days in range");
  await expect(score.locator(".recharts-reference-area")).toHaveCount(1);

  // The failing account alone, still over two years: its line breaks (two pieces) at the shaded days.
  await page.getByLabel("Level").selectOption("account");
  await expect(page).toHaveURL(/level=account/);
  await page.getByLabel("Account", { exact: true }).selectOption({ label: "web-staging (710987654326)" });
  await expect(page).toHaveURL(/account=710987654326/);
  await expect(page).toHaveURL(/range=2y/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trends");
  await expect(page.getByTestId("gap-note")).toContainText("3 such days in range");
  const path = (await score.locator(".recharts-line-curve").getAttribute("d")) ?? "";
  expect(path.match(/M/g)?.length, "the score line is drawn in two pieces around the gap").toBe(2);
  // An account without failures has no gap.
  await page.getByLabel("Account", { exact: true }).selectOption({ label: "payments-prod (510987654324)" });
  await expect(page).toHaveURL(/account=510987654324/);
  await expect(page.getByTestId("gap-note")).not.toContainText("such day");
  shell.expectNoErrors();

  const dir = process.env.E2E_SCREENSHOT_DIR ?? ".test-results/screens";
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/trends?level=account&account=710987654326&range=2y");
    await expect(score.locator(".recharts-line-curve")).toBeVisible();
    await page.screenshot({ path: `${dir}/trends-2y-${colorScheme}.png`, fullPage: true });
  }
  await context.close();
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
