import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../../lib/db/open";
import * as s from "../../lib/db/schema";
import { createFinding } from "../../test/factories";
import { e2e } from "../env";
import { loadSeed, type Seed } from "../fixtures/seed";
import { statePath } from "../pages/auth";
import { Shell } from "../pages/shell";

// A triager of the payments team works one finding on its detail page: assigns it to himself,
// comments, and sets the suppression's expiry. The finding starts suppressed so that no count
// other specs read (open findings) changes while they run in parallel.
test.use({ storageState: statePath("triager") });

let handle: DatabaseHandle;
let seed: Seed;

test.beforeAll(async () => {
  seed = loadSeed();
  handle = await openDatabase({ url: e2e.databaseUrl, migrate: false });
});
test.afterAll(async () => {
  await handle?.close();
});

test("a triager assigns, comments and suppresses with an expiry, and the history says who and why", async ({
  page,
}) => {
  const account = seed.teams.payments.accounts[0]!.id;
  const finding = await createFinding(handle.db, {
    checkId: seed.check.id,
    accountId: account,
    severity: "medium",
    status: "SUPPRESSED",
    suppressionReason: "Seeded for the triage spec",
    suppressionKind: "other",
    resourceId: `arn:aws:s3:::triage-e2e-${Date.now()}`,
  });
  const shell = new Shell(page);
  await shell.open(`/findings/${finding.id}`, seed.check.title);
  await expect(page.getByText("Seeded for the triage spec")).toBeVisible();

  const panel = page.getByTestId("finding-actions");
  await panel.getByLabel("Assignee").selectOption({ label: "Tom Triager (tom.triager@corp.example)" });
  await expect(panel.getByRole("status")).toHaveText("Assignment saved.");

  await panel.getByRole("button", { name: "Comment…" }).click();
  await panel.getByLabel("Comment").fill("Checked with the bucket owner");
  await panel.getByRole("button", { name: "Add comment" }).click();
  await expect(panel.getByRole("status")).toHaveText("Comment added.");

  await panel.getByRole("button", { name: "Change suppression…" }).click();
  await panel.getByLabel("Kind").selectOption("false_positive");
  await panel.getByLabel("Reason").fill("Public read is the website's purpose");
  const until = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await panel.getByLabel("Expires").fill(until);
  await panel.getByRole("button", { name: "Suppress", exact: true }).click();
  await expect(panel.getByRole("status")).toHaveText("Suppressed.");

  const history = page.getByTestId("finding-history");
  await expect(history).toContainText("Assigned to Tom Triager");
  await expect(history).toContainText("Checked with the bucket owner");
  await expect(history).toContainText(`SUPPRESSED → SUPPRESSED: Public read is the website's purpose (until ${until})`);
  await expect(history).toContainText("Tom Triager");
  const [stored] = await handle.db.select().from(s.findings).where(eq(s.findings.id, finding.id));
  expect(stored).toMatchObject({ status: "SUPPRESSED", suppressionKind: "false_positive" });
  expect(stored!.suppressedUntil?.toISOString().slice(0, 10)).toBe(until);
  shell.expectNoErrors();
});

test("a finding outside the triager's scope is not found, and says nothing of itself", async ({ page }) => {
  const hidden = await createFinding(handle.db, {
    checkId: seed.check.id,
    accountId: seed.unassigned.accounts[0]!.id,
    status: "RESOLVED",
    resourceId: `arn:aws:s3:::hidden-e2e-${Date.now()}`,
  });
  const response = await page.goto(`/findings/${hidden.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("hidden-e2e")).toHaveCount(0);
});
