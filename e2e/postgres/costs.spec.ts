import { expect, test } from "@playwright/test";
import { billingFindingUrl } from "../../lib/domain/budgets";
import { COSTS_SEED, loadSeed, type Seed } from "../fixtures/seed";
import { statePath } from "../pages/auth";
import { Shell } from "../pages/shell";

// The Costs page's newer sections on the seeded organization (e2e/fixtures/seed.ts): cost collections
// on the Runs page, AWS Cost Anomaly Detection beside our incidents, the team filter, and each
// account's budgets and billing alarms beside its spend (and on its account page).
test.use({ storageState: statePath("admin") });

let seed: Seed;
test.beforeAll(() => {
  seed = loadSeed();
});
const idOf = (name: string) =>
  [...seed.teams.payments.accounts, ...seed.teams.data.accounts, ...seed.unassigned.accounts].find(
    (a) => a.name === name,
  )!.id;

test("the Runs page lists cost collections with their requests, price and errors", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/runs", "Collection runs");
  const runs = page.getByRole("table", { name: "Cost collections" });
  const rows = runs.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  // Newest first: the daily refresh that read Cost Anomaly Detection, then the denied one.
  await expect(rows.nth(0)).toContainText("succeeded");
  await expect(rows.nth(0)).toContainText(`${COSTS_SEED.costRunRequests} ($0.14, 3 root cause)`);
  await expect(rows.nth(0)).toContainText("Cost Anomaly Detection: read");
  await expect(rows.nth(0)).toContainText("412 lines");
  await expect(rows.nth(1)).toContainText("failed");
  await expect(rows.nth(1)).toContainText(`AccessDenied: ${COSTS_SEED.costRunError}`);
  shell.expectNoErrors();
});

test("our incidents beside AWS Cost Anomaly Detection, and the team filter narrowing everything", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/costs", "Costs");
  const comparison = page.locator("section", {
    has: page.getByRole("heading", { name: "Beside AWS Cost Anomaly Detection" }),
  });
  await expect(comparison).toContainText("1 agreed · 1 only AWS · 2 only ours");
  const table = comparison.getByRole("table", { name: "Our incidents beside AWS Cost Anomaly Detection" });
  await expect(table.getByRole("row", { name: /Agreed/ })).toContainText("data-lake-prod");
  await expect(table.getByRole("row", { name: /Agreed/ })).toContainText("S3 +$1,400.00");
  await expect(table.getByRole("row", { name: /Only AWS/ })).toContainText("data-warehouse-prod");
  await expect(table.getByRole("row", { name: /Only AWS/ })).toContainText("EC2, eu-west-1 +$310.00");
  await expect(table.getByRole("row", { name: /Only ours/ })).toHaveCount(2);

  // The team filter: the data team's accounts alone, in every section, kept in the URL.
  const filter = page.getByRole("form", { name: "Filter costs" });
  await filter.getByLabel("Team").selectOption({ label: "Data platform" });
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]team=[0-9a-f-]{36}/);
  await expect(comparison).toContainText("1 agreed · 1 only AWS · 0 only ours");
  const incidents = page.getByRole("table", { name: "Cost incidents" });
  await expect(incidents.locator("tbody tr")).toHaveCount(1);
  await expect(incidents).toContainText("data-lake-prod");
  const budgets = page.getByRole("table", { name: "Budgets beside spend" });
  await expect(budgets.locator("tbody tr")).toHaveCount(2);
  await expect(budgets).not.toContainText("payments-prod");
  await expect(budgets).not.toContainText("sandbox-dev");
  await expect(filter.getByLabel("Team")).toHaveValue(/[0-9a-f-]{36}/);
  shell.expectNoErrors();
});

test("each account's budgets and billing alarms beside its spend, those to act on first", async ({ page }) => {
  const shell = new Shell(page);
  await shell.open("/costs", "Costs");
  const budgets = page.getByRole("table", { name: "Budgets beside spend" });
  const rows = budgets.locator("tbody tr");
  // Over its limit, then forecast over, then no watch at all, then fine, then never read.
  await expect(rows.locator("td:first-child a")).toHaveText([
    "data-lake-prod",
    "payments-prod",
    "sandbox-dev",
    "data-warehouse-prod",
    "payments-staging",
  ]);
  const lake = rows.nth(0);
  await expect(
    lake.getByRole("meter", { name: `${COSTS_SEED.budgets.over}: spend against its limit` }),
  ).toHaveAttribute("aria-valuetext", "$2,345.67 of $2,000 (117%); forecast $4,100 (205%)");
  await expect(lake).toContainText("Over its limit");
  const alarms = lake.getByRole("list", { name: "Billing alarms of data-lake-prod" });
  await expect(alarms).toContainText(COSTS_SEED.alarm);
  await expect(alarms).toContainText("at $3,000 · EstimatedCharges (USD)");
  const payments = rows.nth(1);
  await expect(payments).toContainText("Forecast over its limit");
  await expect(payments.getByRole("meter")).toHaveAttribute(
    "aria-valuetext",
    "$640 of $1,000 (64%); forecast $1,210 (121%)",
  );
  // No budget and no alarm: the check's finding, one click away.
  const sandbox = rows.nth(2);
  await expect(sandbox.getByTestId("no-billing-watch")).toContainText("No budget and no billing alarm");
  await expect(sandbox.getByRole("link", { name: "See the finding and how to add one" })).toHaveAttribute(
    "href",
    billingFindingUrl(idOf("sandbox-dev")),
  );
  // Read before the last collection, which could not read it: still shown, marked stale.
  const warehouse = rows.nth(3);
  await expect(warehouse).toContainText("Stale");
  await expect(warehouse).toContainText("Within its limit");
  await expect(rows.nth(4)).toContainText("Not read yet");

  // The drill-down keeps the section to that account; the account page shows it beside its cost.
  await rows.nth(0).getByRole("link", { name: "data-lake-prod" }).click();
  await expect(page.getByRole("heading", { name: "Costs: data-lake-prod" })).toBeVisible();
  await expect(budgets.locator("tbody tr")).toHaveCount(1);
  await shell.open(`/accounts/${idOf("data-lake-prod")}`, "data-lake-prod");
  const section = page.getByRole("region", { name: "Budgets and billing alarms" });
  await expect(section.getByRole("meter")).toHaveAttribute("aria-valuetext", /^\$2,345\.67 of \$2,000/);
  await expect(section.getByRole("link", { name: "On the Costs page" })).toHaveAttribute(
    "href",
    `/costs?account=${idOf("data-lake-prod")}#budgets`,
  );
  shell.expectNoErrors();
});

test.describe("in the dark theme", () => {
  test.use({ colorScheme: "dark" });
  test("the budgets section reads the same", async ({ page }) => {
    const shell = new Shell(page);
    await shell.open("/costs?by=service", "Costs");
    await expect(page.getByRole("table", { name: "Budgets beside spend" }).getByRole("meter")).toHaveCount(3);
    shell.expectNoErrors();
  });
});
