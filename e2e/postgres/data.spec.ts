import { expect, test } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../../lib/db/open";
import {
  createRun,
  registerUnits,
  saveDiscoveredOrganization,
  syncCheckCatalog,
} from "../../lib/db/queries/collection";
import { writeAccountSnapshot } from "../../lib/collector/snapshot";
import type { UnitRecord } from "../../lib/db/queries/snapshot";
import { randomAccountId } from "../../test/factories";
import { e2e } from "../env";
import { loadSeed, type Seed } from "../fixtures/seed";
import { statePath } from "../pages/auth";
import { Shell } from "../pages/shell";

// The setup project seeded the organization through the db layer (e2e/fixtures/seed.ts); an admin
// sees all of it on every page. Serial: the last tests add a run and watch it.
test.describe.configure({ mode: "serial" });
test.use({ storageState: statePath("admin") });

let handle: DatabaseHandle;
let seed: Seed;

test.beforeAll(async () => {
  seed = loadSeed();
  handle = await openDatabase({ url: e2e.databaseUrl, migrate: false });
});

test.afterAll(async () => {
  await handle?.close();
});

test("overview sums the organization", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/", "Overview");
  const stat = (label: string) =>
    page
      .locator("main dl > div", { has: page.locator("dt", { hasText: label }) })
      .locator("dd")
      .first();
  await expect(stat("Accounts")).toHaveText(String(seed.total.accounts));
  await expect(stat("Open findings")).toHaveText(String(seed.total.openFindings));
  // GuardDuty's active critical and high findings, each linked to its own filtered list.
  const guardduty = async () =>
    Number(await stat("GuardDuty critical").textContent()) + Number(await stat("GuardDuty high").textContent());
  await expect.poll(guardduty).toBe(seed.total.guarddutyHigh);
  await expect(stat("Canaries tripped (7 d)")).toHaveText(String(seed.total.canariesTripped));
  await expect(page.getByTestId("db-mode")).toHaveText("PostgreSQL");
  shell.expectNoErrors();
});

test("accounts, findings, GuardDuty and canaries list what was collected", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/accounts", "Accounts");
  await expect(page.getByRole("table", { name: "AWS accounts" })).toContainText(seed.sample.prodName);
  await expect(page.getByRole("table", { name: "AWS accounts" })).toContainText(seed.sample.prodOuPath);
  await expect(page.getByText("Acme · Discovered through AWS Organizations")).toBeVisible();

  await shell.open("/findings?view=list", "Findings");
  const findingsTable = page.getByRole("table", { name: "Findings", exact: true });
  await expect(findingsTable.getByRole("row")).toHaveCount(seed.total.openFindings + 1);
  await expect(findingsTable.getByRole("row").nth(1)).toContainText("critical");
  await expect(findingsTable.getByRole("row").nth(1)).toContainText(seed.sample.criticalResource);

  await shell.open("/guardduty", "GuardDuty");
  await expect(page.getByRole("table", { name: "GuardDuty findings" })).toContainText(seed.sample.gdTitle);

  await shell.open("/canaries", "Canaries");
  await expect(page.getByRole("table", { name: "Canary keys" })).toContainText(seed.sample.canary);
  shell.expectNoErrors();
});

test("costs and trends draw their charts", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/costs", "Costs");
  await expect(
    page.getByRole("img", { name: /Daily cost over 30 days/ }).locator("svg.recharts-surface"),
  ).toBeVisible();
  await expect(page.getByRole("table", { name: "Cost incidents" })).toContainText(seed.sample.anomalyAmount);

  // An incident marker on the chart; its tooltip gives expected vs actual and the root cause.
  const chart = page.getByRole("img", { name: /Daily cost over/ });
  const markers = chart.locator(".cost-incident-marker");
  await expect(markers).toHaveCount(3);
  await markers.nth(1).hover();
  const tooltip = page.getByRole("tooltip").filter({ hasText: "Incident: data-lake-prod" });
  await expect(tooltip).toContainText("Expected $925, actual $2,346");
  await expect(tooltip).toContainText("Root cause: EU-Requests-Tier1 in eu-west-1, +$1,420.67");
  // The drill-down: one account, its services.
  await page.getByRole("table", { name: "Cost incidents" }).getByRole("link", { name: "data-lake-prod" }).click();
  await expect(page.getByRole("heading", { name: "Costs: data-lake-prod" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Service breakdown" })).toContainText("Amazon EC2");
  await expect(page.getByRole("table", { name: "Cost incidents" }).getByRole("row")).toHaveCount(2);

  await shell.open("/trends", "Trends");
  await expect(page.getByRole("img", { name: "Posture score per day" }).locator("svg.recharts-surface")).toBeVisible();
  await expect(
    page.getByRole("img", { name: "Open findings per day by severity" }).locator(".recharts-line"),
  ).toHaveCount(4);
  shell.expectNoErrors();
});

test("/api/health reports the Postgres database", async ({ request }) => {
  const body = await (await request.get("/api/health")).json();
  expect(body).toMatchObject({ status: "ok", database: { mode: "postgres", migrations: { upToDate: true } } });
});

// Runs are written through the same db functions the collector uses; the browser watches one finish.
test("runs list their progress and units, and a running run updates live", async ({ page }) => {
  const db = handle.db;
  const [a, b] = [randomAccountId(), randomAccountId()];
  await syncCheckCatalog(db, []);
  const orgId = await saveDiscoveredOrganization(db, {
    name: "Runs org",
    discoveryMode: "configured",
    units: [],
    accounts: [a, b].map((id, i) => ({
      id,
      name: `runs-${i}`,
      environment: "dev" as const,
      status: "active" as const,
      isManagement: false,
      tags: {},
    })),
  });
  const runId = await createRun(db, { organizationId: orgId, trigger: "manual", accountsTotal: 2 });
  await registerUnits(db, runId, a, ["global", "eu-west-1"]);
  await registerUnits(db, runId, b, ["global"]);
  const now = new Date();
  const unit = (region: string, extra: Partial<UnitRecord> = {}): UnitRecord => ({
    region,
    status: "ok",
    startedAt: new Date(now.getTime() - 1500),
    finishedAt: now,
    apiCalls: 7,
    throttledCalls: 0,
    resultsCount: 3,
    ...extra,
  });
  await writeAccountSnapshot(db, {
    runId,
    accountId: a,
    now,
    units: [
      unit("global"),
      unit("eu-west-1", {
        status: "failed",
        errorCode: "AccessDenied",
        errorMessage: "securityGroups: Access denied: not authorized to perform ec2:DescribeSecurityGroups",
      }),
    ],
    failed: [],
    evaluated: [],
  });

  const shell = new Shell(page);
  await shell.open("/runs", "Collection runs");
  const row = page.getByRole("table", { name: "Collection runs" }).getByRole("row").filter({ hasText: "Runs org" });
  await expect(row).toContainText("running");
  await expect(row.getByRole("progressbar", { name: "Accounts collected" })).toHaveAttribute("aria-valuenow", "1");

  await row.getByRole("link").click();
  await expect(shell.heading()).toHaveText("Collection run");
  const units = page.getByRole("table", { name: "Units of this run" });
  await expect(units.getByRole("row").nth(1)).toContainText("AccessDenied");
  await expect(units.getByRole("row").nth(1)).toContainText("eu-west-1");
  await expect(page.getByRole("progressbar", { name: "Units finished" })).toHaveAttribute("aria-valuenow", "2");

  // The second account finishes while the page is open: the progress updates without a reload.
  await writeAccountSnapshot(db, {
    runId,
    accountId: b,
    now: new Date(),
    units: [unit("global")],
    failed: [],
    evaluated: [],
  });
  await expect(page.locator("[aria-live=polite]").getByText("partial")).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole("progressbar", { name: "Accounts collected" })).toHaveAttribute("aria-valuenow", "2");

  await shell.open("/accounts", "Accounts");
  const accountRow = page.getByRole("table", { name: "AWS accounts" }).getByRole("row").filter({ hasText: "runs-0" });
  await expect(accountRow).toContainText("AccessDenied");
  await expect(accountRow).toContainText("1 failed");
  shell.expectNoErrors();
});

test("/api/runs/:id validates its input", async ({ request }) => {
  const bad = await request.get("/api/runs/not-a-uuid");
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toMatchObject({ error: "invalid path", fields: { id: expect.any(Array) } });
  expect((await request.get(`/api/runs/${crypto.randomUUID()}`)).status()).toBe(404);
});
