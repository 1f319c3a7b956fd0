import { expect, test } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../../lib/db/open";
import { createRun, registerUnits, saveDiscoveredOrganization, syncCheckCatalog } from "../../lib/db/queries/collection";
import { writeAccountSnapshot, type UnitRecord } from "../../lib/db/queries/snapshot";
import { daysAgo } from "../../lib/db/queries/costs";
import * as s from "../../lib/db/schema";
import { createAccount, createCanaryKey, createCheck, createFinding, createGuardDutyFinding, createOrganization, randomAccountId } from "../../test/factories";
import { Shell } from "../pages/shell";

// Data is seeded through the db layer (not by clicking), then every page must show it. Serial, so a
// failure cannot restart the worker and seed a second time.
test.describe.configure({ mode: "serial" });

let handle: DatabaseHandle;
const seeded = { prodName: "payments-prod", devName: "sandbox-dev", checkTitle: "", gdTitle: "Unusual SSH brute force against i-0abc", canary: "Build runner .env" };

test.beforeAll(async () => {
  handle = await openDatabase({ url: process.env.E2E_DATABASE_URL!, migrate: false });
  const db = handle.db;
  const org = await createOrganization(db, { name: "Acme", discoveryMode: "organizations" });
  const prod = await createAccount(db, org.id, { name: seeded.prodName, environment: "prod", ouPath: "Root/Workloads/Prod" });
  const dev = await createAccount(db, org.id, { name: seeded.devName, environment: "dev" });
  const check = await createCheck(db, { title: "Security group open to the world on 5432", service: "ec2", defaultSeverity: "high" });
  seeded.checkTitle = check.title;
  await createFinding(db, { checkId: check.id, accountId: prod.id, severity: "critical", resourceId: "sg-0123456789abcdef0" });
  await createFinding(db, { checkId: check.id, accountId: dev.id, severity: "high" });
  await createGuardDutyFinding(db, { accountId: prod.id, title: seeded.gdTitle, severity: 8.2, severityLabel: "high" });
  await db.insert(s.costDaily).values(
    Array.from({ length: 30 }, (_, i) => ({ accountId: prod.id, day: daysAgo(30 - i), service: "Amazon EC2", amount: i === 27 ? 480 : 100 + i })),
  );
  await db.insert(s.costAnomalies).values({ accountId: prod.id, service: "Amazon EC2", day: daysAgo(3), expected: 125, actual: 480, score: 7.5, severity: "high" });
  await db.insert(s.accountDaily).values(
    Array.from({ length: 14 }, (_, i) => ({ accountId: prod.id, day: daysAgo(14 - i), score: 60 + i * 2, openCritical: i < 7 ? 2 : 1, openHigh: 4 })),
  );
  const key = await createCanaryKey(db, { label: seeded.canary, ownerAccountId: prod.id, status: "tripped", lastEventAt: new Date() });
  await db.insert(s.canaryEvents).values({ id: crypto.randomUUID(), canaryKeyId: key.id, eventTime: new Date(), eventName: "GetCallerIdentity", eventSource: "sts.amazonaws.com" });
});

test.afterAll(async () => {
  await handle?.close();
});

test("overview sums the organization", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/", "Overview");
  const stat = (label: string) => page.locator("main dl > div", { has: page.locator("dt", { hasText: label }) }).locator("dd").first();
  await expect(stat("Accounts")).toHaveText("2");
  await expect(stat("Open findings")).toHaveText("2");
  await expect(stat("GuardDuty high+")).toHaveText("1");
  await expect(stat("Canaries tripped (7 d)")).toHaveText("1");
  await expect(page.getByTestId("db-mode")).toHaveText("PostgreSQL");
  shell.expectNoErrors();
});

test("accounts, findings, GuardDuty and canaries list what was collected", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/accounts", "Accounts");
  await expect(page.getByRole("table", { name: "AWS accounts" })).toContainText(seeded.prodName);
  await expect(page.getByRole("table", { name: "AWS accounts" })).toContainText("Root/Workloads/Prod");
  await expect(page.getByText("Acme · Discovered through AWS Organizations")).toBeVisible();

  await shell.open("/findings", "Findings");
  const findingsTable = page.getByRole("table", { name: "Open findings" });
  await expect(findingsTable.getByRole("row")).toHaveCount(3);
  await expect(findingsTable.getByRole("row").nth(1)).toContainText("critical");
  await expect(findingsTable.getByRole("row").nth(1)).toContainText("sg-0123456789abcdef0");

  await shell.open("/guardduty", "GuardDuty");
  await expect(page.getByRole("table", { name: "GuardDuty findings" })).toContainText(seeded.gdTitle);

  await shell.open("/canaries", "Canaries");
  await expect(page.getByRole("table", { name: "Canary keys" })).toContainText(seeded.canary);
  shell.expectNoErrors();
});

test("costs and trends draw their charts", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/costs", "Costs");
  await expect(page.getByRole("img", { name: /Daily cost over 30 days/ }).locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByRole("table", { name: "Cost anomalies" })).toContainText("$480.00");

  await shell.open("/trends", "Trends");
  await expect(page.getByRole("img", { name: "Posture score per day" }).locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByRole("img", { name: "Open findings per day by severity" }).locator(".recharts-area")).toHaveCount(4);
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
    accounts: [a, b].map((id, i) => ({ id, name: `runs-${i}`, environment: "dev" as const, status: "active" as const, isManagement: false, tags: {} })),
  });
  const runId = await createRun(db, { organizationId: orgId, trigger: "manual", accountsTotal: 2 });
  await registerUnits(db, runId, a, ["global", "eu-west-1"]);
  await registerUnits(db, runId, b, ["global"]);
  const now = new Date();
  const unit = (region: string, extra: Partial<UnitRecord> = {}): UnitRecord => ({ region, status: "ok", startedAt: new Date(now.getTime() - 1500), finishedAt: now, apiCalls: 7, throttledCalls: 0, resultsCount: 3, ...extra });
  await writeAccountSnapshot(db, {
    runId,
    accountId: a,
    now,
    units: [unit("global"), unit("eu-west-1", { status: "failed", errorCode: "AccessDenied", errorMessage: "securityGroups: Access denied: not authorized to perform ec2:DescribeSecurityGroups" })],
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
  await writeAccountSnapshot(db, { runId, accountId: b, now: new Date(), units: [unit("global")], failed: [], evaluated: [] });
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
  expect(await bad.json()).toMatchObject({ error: "invalid run id", fields: { id: expect.any(Array) } });
  expect((await request.get(`/api/runs/${crypto.randomUUID()}`)).status()).toBe(404);
});
